using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Elasticsearch.Bulk;
using Gateway.Exporters.Elasticsearch.Targets;

namespace Gateway.Exporters.Elasticsearch.Documents;

/// <summary>
/// <c>mapping: envelope</c>: the envelope's own JSON (<see cref="EnvelopeJson"/>), with the two fields Elasticsearch
/// needs put in front: <c>@timestamp</c> (data streams refuse documents without it) and <c>data_stream.*</c>.
/// The envelope writer stays the single source of the envelope's shape: its object is spliced after our prefix.
/// </summary>
public static class EnvelopeDocumentWriter
{
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("@timestamp");

    public static void Write(Utf8JsonWriter writer, PooledBufferWriter buffer, EventEnvelope envelope, DocumentTarget target)
    {
        writer.WriteStartObject();
        EnvelopeJson.WriteTime(writer, Timestamp, envelope.TimeUnixNano);
        DataStreamFields.Write(writer, target);
        writer.WriteEndObject();
        writer.Flush();
        writer.Reset(buffer);

        // {"@timestamp":…}  ->  {"@timestamp":…,   then the envelope's {…} without its opening brace.
        buffer.Truncate(buffer.WrittenCount - 1);
        buffer.WriteByte((byte)',');
        var envelopeStart = buffer.WrittenCount;
        EnvelopeJson.Write(writer, envelope);
        writer.Flush();
        writer.Reset(buffer);
        buffer.RemoveAt(envelopeStart);
    }
}
