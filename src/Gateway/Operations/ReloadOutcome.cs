using Gateway.Configuration;

namespace Gateway.Host.Operations;

/// <summary>What one reload attempt did: applied, skipped (file unchanged) or refused with the reasons, each with its line.</summary>
public sealed record ReloadOutcome(bool Applied, IReadOnlyList<string> Errors, DateTimeOffset At)
{
    public bool Refused => Errors.Count > 0;

    public static ReloadOutcome Skipped(DateTimeOffset at) => new(false, [], at);

    public static ReloadOutcome From(ConfigException exception, DateTimeOffset at) =>
        new(false, exception.Errors.Select(e => e.ToString()).ToArray(), at);
}
