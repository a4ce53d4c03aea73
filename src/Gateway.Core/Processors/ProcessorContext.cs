using Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Processors;

public sealed class ProcessorContext
{
    public required ComponentId Id { get; init; }

    public required object Options { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    public required TimeProvider Time { get; init; }
}
