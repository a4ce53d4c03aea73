using Gateway.Configuration;

namespace Gateway.Processors.Sampling;

/// <summary>
/// The <c>keep_session_on_error:</c> block: events sampling would drop are held per session for <see cref="Window"/>
/// and released if the session reports an error or fatal event in that time. The limits bound the memory used.
/// </summary>
public sealed class KeepSessionOnErrorOptions : IValidatableOptions
{
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxSessions { get; set; } = 10_000;

    public int MaxEventsPerSession { get; set; } = 100;

    public void Validate(OptionsValidationContext context)
    {
        if (Window <= TimeSpan.Zero) context.Error("window", "must be longer than zero: write a duration such as window: 30s");
        if (MaxSessions < 1) context.Error("max_sessions", $"must be at least 1, got {MaxSessions}; write e.g. max_sessions: 10000");
        if (MaxEventsPerSession < 1) context.Error("max_events_per_session", $"must be at least 1, got {MaxEventsPerSession}; write e.g. max_events_per_session: 100");
    }
}
