using System.Globalization;
using Gateway.Configuration;
using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>
/// One sentence saying what sampling keeps and how to keep everything, for the start-up log: someone who sends 400
/// info events and sees 40 must be able to tell why at that moment.
/// </summary>
public static class SamplingSummary
{
    private static readonly EventLevel[] Levels = [EventLevel.Debug, EventLevel.Info, EventLevel.Warn, EventLevel.Error, EventLevel.Fatal];

    /// <returns>The sentence, or null when the configuration has no sampling and none was switched off.</returns>
    public static string? Describe(GatewayConfig config)
    {
        if (config.SamplingSwitchedOff) return $"sampling is off ({SamplingSwitch.Variable}=off): every event is kept";
        SamplingOptions? options = null;
        foreach (var (_, processor) in config.Processors) options ??= processor as SamplingOptions;
        return options is null ? null : Describe(options);
    }

    public static string Describe(SamplingOptions options)
    {
        var parts = new List<string>(5);
        for (var i = 0; i < Levels.Length; i++)
        {
            var rate = options.Rates.For(Levels[i]);
            var sameToTheTop = true;
            for (var j = i + 1; j < Levels.Length; j++) sameToTheTop &= options.Rates.For(Levels[j]) == rate;
            if (sameToTheTop && i < Levels.Length - 1)
            {
                parts.Add($"{Name(Levels[i])} and above {Percent(rate)}");
                break;
            }

            parts.Add($"{Name(Levels[i])} {Percent(rate)}");
        }

        var details = new List<string>(3) { "a session is kept or dropped whole" };
        if (options.Rules.Count > 0) details.Add($"{options.Rules.Count} rule(s) override the rates");
        if (options.KeepSessionOnError is { } keep) details.Add($"a session's dropped events are kept when it reports an error within {keep.Window.TotalSeconds:0}s");
        return $"sampling keeps {string.Join(", ", parts)} ({string.Join("; ", details)}); a kept event stands for 1/rate events (sampleRate, ×N on the console); set {SamplingSwitch.Variable}=off to keep every event";
    }

    private static string Name(EventLevel level) => level.ToString().ToLowerInvariant();

    private static string Percent(double rate) => (rate * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
