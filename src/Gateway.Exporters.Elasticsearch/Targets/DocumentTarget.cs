using System.Text.Json;

namespace Gateway.Exporters.Elasticsearch.Targets;

/// <summary>Where a document goes, with its JSON forms precomputed once and shared by every event going there.</summary>
public sealed class DocumentTarget
{
    public DocumentTarget(string index, string? dataset, string? @namespace)
    {
        Index = index;
        IndexJson = JsonEncodedText.Encode(index);
        Dataset = dataset;
        Namespace = @namespace;
        if (dataset is not null) DatasetJson = JsonEncodedText.Encode(dataset);
        if (@namespace is not null) NamespaceJson = JsonEncodedText.Encode(@namespace);
    }

    /// <summary>The data stream or index name written in the bulk action line.</summary>
    public string Index { get; }

    public JsonEncodedText IndexJson { get; }

    /// <summary>Set for data streams only: the documents then carry <c>data_stream.*</c>.</summary>
    public string? Dataset { get; }

    public string? Namespace { get; }

    public JsonEncodedText DatasetJson { get; }

    public JsonEncodedText NamespaceJson { get; }

    public bool IsDataStream => Dataset is not null;
}
