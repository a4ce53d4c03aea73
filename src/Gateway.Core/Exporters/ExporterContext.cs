using Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters;

/// <summary>What a factory gets to build one exporter instance.</summary>
public sealed class ExporterContext
{
    public required ComponentId Id { get; init; }

    public required ExporterOptions Options { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    public required TimeProvider Time { get; init; }

    public required IServiceProvider Services { get; init; }

    /// <summary>The whole configuration, for exporters that link to others (chat links to Kibana and Sentry).</summary>
    public required GatewayConfig Config { get; init; }

    /// <summary>The gateway's dead-letter file, for exporters that run lanes of their own (loadbalancing's backends).</summary>
    public Pipeline.DeadLetterFile? DeadLetters { get; init; }

    /// <summary>Seeds the retry jitter of lanes an exporter runs itself.</summary>
    public Random Random { get; init; } = Random.Shared;
}
