namespace Gateway.Exporters.Chat.Teams;

/// <summary>Teams refuses messages over about 28 KB; the card is kept under this many UTF-8 bytes of JSON, with room to spare.</summary>
public static class TeamsLimits
{
    public const int MessageBytes = 28 * 1024;

    /// <summary>What the exporter aims for: Teams counts its own envelope around the card too.</summary>
    public const int TargetBytes = 26 * 1024;
}
