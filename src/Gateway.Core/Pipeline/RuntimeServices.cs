using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>What the runtime needs from the host: logging, the clock and the DI container (HttpClient factories).</summary>
public sealed record RuntimeServices(ILoggerFactory LoggerFactory, TimeProvider Time, IServiceProvider Services);
