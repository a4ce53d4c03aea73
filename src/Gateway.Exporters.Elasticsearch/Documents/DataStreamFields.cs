using System.Text.Json;
using Gateway.Exporters.Elasticsearch.Targets;

namespace Gateway.Exporters.Elasticsearch.Documents;

/// <summary>The <c>data_stream.*</c> object every document written to a data stream carries (constant_keyword fields).</summary>
public static class DataStreamFields
{
    private static readonly JsonEncodedText DataStream = JsonEncodedText.Encode("data_stream");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Dataset = JsonEncodedText.Encode("dataset");
    private static readonly JsonEncodedText Namespace = JsonEncodedText.Encode("namespace");
    private static readonly JsonEncodedText Logs = JsonEncodedText.Encode("logs");

    public static void Write(Utf8JsonWriter writer, DocumentTarget target)
    {
        if (!target.IsDataStream) return;
        writer.WriteStartObject(DataStream);
        writer.WriteString(Type, Logs);
        writer.WriteString(Dataset, target.DatasetJson);
        writer.WriteString(Namespace, target.NamespaceJson);
        writer.WriteEndObject();
    }
}
