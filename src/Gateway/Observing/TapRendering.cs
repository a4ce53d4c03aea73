using System.Buffers;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.ConsoleExport;

namespace Gateway.Host.Observing;

/// <summary>How a tap shows an event: the envelope's JSON (one line), or the console exporter's line.</summary>
internal static class TapRendering
{
    public static Func<EventEnvelope, byte[]> Json() => static envelope =>
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer)) EnvelopeJson.Write(writer, envelope);
        return buffer.WrittenSpan.ToArray();
    };

    /// <summary>Each tap has its own formatter: it keeps a writer of its own and is used by one thread at a time.</summary>
    public static Func<EventEnvelope, byte[]> Text(bool color)
    {
        var formatter = new ConsoleLineFormatter(new ConsoleExporterOptions { Format = ConsoleFormat.Text }, color);
        var buffer = new ArrayBufferWriter<byte>(512);
        return envelope =>
        {
            buffer.ResetWrittenCount();
            formatter.Write(envelope, buffer);
            var line = buffer.WrittenSpan.TrimEnd("\r\n"u8).ToArray();

            // An event stream's data is one line: a line break in a message would end it early.
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] is (byte)'\n' or (byte)'\r') line[i] = (byte)' ';
            }

            return line;
        };
    }
}
