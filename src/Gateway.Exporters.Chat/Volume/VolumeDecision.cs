namespace Gateway.Exporters.Chat.Volume;

public enum VolumeDecision : byte
{
    /// <summary>Post a message now: the event opens a group (and has taken a slot of the rate limit).</summary>
    Post,

    /// <summary>Counted in its group's follow-up summary.</summary>
    Folded,

    /// <summary>Counted in the held-back summary: the rate limit had no slot.</summary>
    HeldBack,
}
