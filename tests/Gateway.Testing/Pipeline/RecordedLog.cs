using Microsoft.Extensions.Logging;

namespace Gateway.Testing.Pipeline;

/// <summary>One log line as the gateway wrote it, with its structured fields.</summary>
public sealed record RecordedLog(string Category, int EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields);
