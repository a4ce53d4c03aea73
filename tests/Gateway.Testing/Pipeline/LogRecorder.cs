using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Testing.Pipeline;

/// <summary>An ILoggerProvider that keeps every line (event id, level, rendered message) for assertions.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> _entries = new();

    public IReadOnlyCollection<RecordedLog> Entries => _entries;

    public ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<RecordedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs) fields[key] = value;
            }

            entries.Enqueue(new RecordedLog(category, eventId.Id, logLevel, formatter(state, exception), fields));
        }
    }
}
