using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>What the runtime needs from the host: logging, the clock and the DI container (HttpClient factories).</summary>
public sealed record RuntimeServices(ILoggerFactory LoggerFactory, TimeProvider Time, IServiceProvider Services)
{
    /// <summary>Seeds each exporter's retry jitter; tests pass a seeded one so backoff delays repeat.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>The live taps, shared by every runtime a reload builds so an attached tap survives the swap.</summary>
    public Taps.PipelineTaps Taps { get; init; } = new();
}
