namespace Gateway.Exporters.Chat.Volume;

/// <summary>The volume controller's answer for one event; keeps the group it opened so a failed post can be undone.</summary>
public readonly struct Admission
{
    internal Admission(VolumeDecision decision, MessageGroup? group)
    {
        Decision = decision;
        Group = group;
    }

    public VolumeDecision Decision { get; }

    internal MessageGroup? Group { get; }
}
