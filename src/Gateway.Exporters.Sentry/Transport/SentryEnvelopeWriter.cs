using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Sentry.Events;

namespace Gateway.Exporters.Sentry.Transport;

/// <summary>
/// Frames one event as a Sentry envelope (header line, item header with type and length, payload) and gzips it. One
/// instance serves one export call: its buffers are reused for every event of the batch.
/// </summary>
public sealed class SentryEnvelopeWriter : IDisposable
{
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("event_id");
    private static readonly JsonEncodedText SentAtName = JsonEncodedText.Encode("sent_at");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText EventType = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText LengthName = JsonEncodedText.Encode("length");
    private static readonly JsonEncodedText ContentTypeName = JsonEncodedText.Encode("content_type");
    private static readonly JsonEncodedText JsonContentType = JsonEncodedText.Encode("application/json");

    private readonly SentryEventWriter _events;
    private readonly ArrayBufferWriter<byte> _payload = new(16 * 1024);
    private readonly ArrayBufferWriter<byte> _headers = new(256);
    private readonly Utf8JsonWriter _payloadWriter;
    private readonly Utf8JsonWriter _headerWriter;
    private readonly MemoryStream _compressed = new(8 * 1024);

    public SentryEnvelopeWriter(SentryEventWriter events)
    {
        _events = events;
        _payloadWriter = new Utf8JsonWriter(_payload);
        _headerWriter = new Utf8JsonWriter(_headers);
    }

    /// <summary>The event's JSON size before compression (Sentry refuses events over 1MB).</summary>
    public int PayloadLength => _payload.WrittenCount;

    /// <summary>Writes the envelope of <paramref name="envelope"/>; the gzipped body stays valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(EventEnvelope envelope, long sentAtUnixNano)
    {
        _payload.ResetWrittenCount();
        _payloadWriter.Reset();
        _events.Write(_payloadWriter, envelope);
        _payloadWriter.Flush();

        _compressed.SetLength(0);
        using (var gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var header = BeginHeader();
            Span<char> eventId = stackalloc char[EnvelopeIds.HexLength];
            EnvelopeIds.Format(envelope.Id, eventId);
            header.WriteString(EventIdName, eventId);
            EnvelopeJson.WriteTime(header, SentAtName, sentAtUnixNano);
            EndHeader(gzip);
            header = BeginHeader();
            header.WriteString(TypeName, EventType);
            header.WriteNumber(LengthName, _payload.WrittenCount);
            header.WriteString(ContentTypeName, JsonContentType);
            EndHeader(gzip);
            gzip.Write(_payload.WrittenSpan);
            gzip.WriteByte((byte)'\n');
        }

        return _compressed.GetBuffer().AsMemory(0, (int)_compressed.Length);
    }

    public void Dispose()
    {
        _payloadWriter.Dispose();
        _headerWriter.Dispose();
        _compressed.Dispose();
    }

    private Utf8JsonWriter BeginHeader()
    {
        _headers.ResetWrittenCount();
        _headerWriter.Reset();
        _headerWriter.WriteStartObject();
        return _headerWriter;
    }

    /// <summary>Headers are single-line JSON followed by a newline, as the envelope format requires.</summary>
    private void EndHeader(Stream output)
    {
        _headerWriter.WriteEndObject();
        _headerWriter.Flush();
        output.Write(_headers.WrittenSpan);
        output.WriteByte((byte)'\n');
    }
}
