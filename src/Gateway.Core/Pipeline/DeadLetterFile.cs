using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Files;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// Appends events no exporter could deliver to an NDJSON file, one line per event:
/// <c>{"time", "exporter", "reason", "error_type", "target", "event": {envelope}}</c>, so they can be inspected or
/// replayed. Every event is counted whether or not the file is enabled.
/// It is the last place an event can go, so <see cref="WriteAsync"/> never throws: an event that cannot be written
/// whole gets a minimal line (id, name, time, service and why), and a file that cannot be written is counted and
/// logged while the lane goes on.
/// </summary>
public sealed class DeadLetterFile : IAsyncDisposable
{
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText ExporterName = JsonEncodedText.Encode("exporter");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText ErrorTypeName = JsonEncodedText.Encode("error_type");
    private static readonly JsonEncodedText TargetName = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText EventWriteErrorName = JsonEncodedText.Encode("event_write_error");

    private readonly DeadLetterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The lines of one call, appended to the file in one write.</summary>
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    /// <summary>One line at a time, so a line that fails half-way never reaches <see cref="_buffer"/>.</summary>
    private readonly ArrayBufferWriter<byte> _line = new(4 * 1024);
    private readonly Utf8JsonWriter _json;
    private AppendOnlyFile? _file;

    public DeadLetterFile(DeadLetterOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { SkipValidation = true });
    }

    public string FullPath => Path.GetFullPath(_options.Path);

    public async ValueTask WriteAsync(string exporter, DeadLetterEntry entry, ReadOnlyMemory<EventEnvelope> envelopes)
    {
        if (envelopes.IsEmpty) return;
        var exporterTag = new KeyValuePair<string, object?>("exporter", exporter);
        PipelineMetrics.SendFailed.Add(envelopes.Length, exporterTag);
        PipelineMetrics.DeadLettered.Add(envelopes.Length, new TagList { { "exporter", exporter }, { "reason", entry.Code } });
        if (!_options.Enabled) return;

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _buffer.ResetWrittenCount();
            var time = _time.GetUtcNow();
            var incomplete = 0;
            Exception? firstError = null;
            foreach (var envelope in envelopes.Span)
            {
                if (WriteLine(exporter, entry, time, envelope) is not { } error) continue;
                incomplete++;
                firstError ??= error;
            }

            if (firstError is not null)
            {
                PipelineMetrics.DeadLetterIncomplete.Add(incomplete, exporterTag);
                RuntimeLog.DeadLetterIncomplete(_logger, exporter, incomplete, FullPath, firstError);
            }

            // Moved away (e.g. to be replayed): later events start a new file at the configured path.
            if (_file is not null && !_file.IsStillAtPath()) CloseFile();
            _file ??= AppendOnlyFile.Open(FullPath);
            _file.Append(_buffer.WrittenSpan);
        }
        catch (Exception e)
        {
            // Nothing may stop a lane here: the events are counted as lost and the next call tries the file again.
            PipelineMetrics.DeadLetterWriteFailed.Add(envelopes.Length, exporterTag);
            RuntimeLog.DeadLetterWriteFailed(_logger, envelopes.Length, FullPath, e);
            CloseFile();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Adds the event's line to the buffer: whole, or minimal with the error that kept it from being whole (returned).</summary>
    private Exception? WriteLine(string exporter, in DeadLetterEntry entry, DateTimeOffset time, EventEnvelope envelope)
    {
        Exception error;
        try
        {
            WriteHead(exporter, entry, time);
            _json.WritePropertyName(EventName);
            EnvelopeJson.Write(_json, envelope);
            EndLine();
            return null;
        }
        catch (Exception e)
        {
            error = e;
        }

        WriteMinimalLine(exporter, entry, time, envelope, error);
        return error;
    }

    /// <summary>Only fields every envelope has, of types that always write: enough to find the event again at its source.</summary>
    private void WriteMinimalLine(string exporter, in DeadLetterEntry entry, DateTimeOffset time, EventEnvelope envelope, Exception error)
    {
        WriteHead(exporter, entry, time);
        _json.WriteStartObject(EventName);
        Span<char> id = stackalloc char[EnvelopeIds.HexLength];
        EnvelopeIds.Format(envelope.Id, id);
        _json.WriteString(IdName, id);
        _json.WriteString(NameName, envelope.Name);
        EnvelopeJson.WriteTime(_json, TimeName, envelope.TimeUnixNano);
        _json.WriteString(ServiceName, envelope.Service);
        _json.WriteEndObject();
        _json.WriteString(EventWriteErrorName, $"{error.GetType().Name}: {error.Message}");
        EndLine();
    }

    private void WriteHead(string exporter, in DeadLetterEntry entry, DateTimeOffset time)
    {
        _line.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString(TimeName, time);
        _json.WriteString(ExporterName, exporter);
        _json.WriteString(ReasonName, entry.Reason);
        _json.WriteString(ErrorTypeName, entry.ErrorType);
        if (entry.Target is null) _json.WriteNull(TargetName);
        else _json.WriteString(TargetName, entry.Target);
    }

    private void EndLine()
    {
        _json.WriteEndObject();
        _json.Flush();
        _line.Write("\n"u8);
        _buffer.Write(_line.WrittenSpan);
    }

    private void CloseFile()
    {
        _file?.Dispose();
        _file = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            CloseFile();
            await _json.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
