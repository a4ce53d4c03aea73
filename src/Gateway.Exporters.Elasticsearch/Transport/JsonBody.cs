using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// JSON written with <see cref="Utf8JsonWriter"/> into one array: the bodies of set-up and queries (no typed request
/// classes, see <see cref="ElasticsearchTransportFactory"/>) and the query API's answers. Relaxed escaping keeps
/// non-ASCII text as UTF-8 rather than \u escapes; both are the same JSON to Elasticsearch and to readers.
/// </summary>
public static class JsonBody
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
