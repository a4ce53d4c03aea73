using System.Buffers;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Sentry.Events;
using Gateway.Exporters.Sentry;

namespace Gateway.Tests.Sentry;

/// <summary>The event JSON the exporter would send for an envelope, without a network round trip.</summary>
internal static class SentryPayload
{
    public static JsonElement Of(EventEnvelope envelope, SentryExporterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) new SentryEventWriter(options).Write(writer, envelope);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
