namespace Gateway.Exporters.Chat;

public enum NoticeKind : byte
{
    /// <summary>One event, the first of its group in the window.</summary>
    Event,

    /// <summary>"×37 more in the last 5 min": the events folded into a group while its window was open.</summary>
    GroupSummary,

    /// <summary>What the rate limit held back, by group.</summary>
    HeldBackSummary,
}
