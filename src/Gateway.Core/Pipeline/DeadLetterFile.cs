using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Gateway.Envelope;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// Appends events no exporter could deliver to an NDJSON file, one line per event:
/// <c>{"time", "exporter", "reason", "error_type", "target", "event": {envelope}}</c>, so they can be inspected or
/// replayed. Every event is counted whether or not the file is enabled.
/// </summary>
public sealed class DeadLetterFile : IAsyncDisposable
{
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText ExporterName = JsonEncodedText.Encode("exporter");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText ErrorTypeName = JsonEncodedText.Encode("error_type");
    private static readonly JsonEncodedText TargetName = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event");

    private readonly DeadLetterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json;
    private FileStream? _stream;

    public DeadLetterFile(DeadLetterOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public string FullPath => Path.GetFullPath(_options.Path);

    public async ValueTask WriteAsync(string exporter, DeadLetterEntry entry, ReadOnlyMemory<EventEnvelope> envelopes)
    {
        if (envelopes.IsEmpty) return;
        PipelineMetrics.SendFailed.Add(envelopes.Length, new KeyValuePair<string, object?>("exporter", exporter));
        PipelineMetrics.DeadLettered.Add(envelopes.Length, new TagList { { "exporter", exporter }, { "reason", entry.Code } });
        if (!_options.Enabled) return;

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _buffer.ResetWrittenCount();
            var time = _time.GetUtcNow();
            foreach (var envelope in envelopes.Span) WriteLine(exporter, entry, time, envelope);
            _stream ??= Open();
            await _stream.WriteAsync(_buffer.WrittenMemory).ConfigureAwait(false);
            await _stream.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RuntimeLog.DeadLetterWriteFailed(_logger, envelopes.Length, FullPath, e);
            _stream?.Dispose();
            _stream = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void WriteLine(string exporter, in DeadLetterEntry entry, DateTimeOffset time, EventEnvelope envelope)
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString(TimeName, time);
        _json.WriteString(ExporterName, exporter);
        _json.WriteString(ReasonName, entry.Reason);
        _json.WriteString(ErrorTypeName, entry.ErrorType);
        if (entry.Target is null) _json.WriteNull(TargetName);
        else _json.WriteString(TargetName, entry.Target);
        _json.WritePropertyName(EventName);
        EnvelopeJson.Write(_json, envelope);
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
    }

    private FileStream Open()
    {
        var directory = Path.GetDirectoryName(FullPath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        return new FileStream(FullPath, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stream is not null) await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
            await _json.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
