using Gateway.Exporters;

namespace Gateway.Pipeline;

/// <summary>
/// Exponential backoff with jitter, as the collector's exporter helper: initial * multiplier^attempt, capped at
/// max_interval, each drawn from delay * (1 ± jitter). A destination's own Retry-After wins when it asks for longer.
/// </summary>
public sealed class RetryBackoff(RetryOptions options, Random random)
{
    public TimeSpan Next(int attempt, TimeSpan? retryAfter)
    {
        var baseSeconds = Math.Min(options.InitialInterval.TotalSeconds * Math.Pow(options.Multiplier, attempt), options.MaxInterval.TotalSeconds);
        double draw;
        lock (random) draw = random.NextDouble();
        var jittered = TimeSpan.FromSeconds(baseSeconds * (1 + (options.Jitter * ((2 * draw) - 1))));
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }
}
