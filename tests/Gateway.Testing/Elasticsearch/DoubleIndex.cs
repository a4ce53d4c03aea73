namespace Gateway.Testing.Elasticsearch;

/// <summary>A data stream (with its first backing index and failure store) or a plain index, its mappings and documents.</summary>
internal sealed class DoubleIndex
{
    public DoubleIndex(string name, bool isDataStream, bool failureStoreEnabled, IndexMappings mappings, DateTime created)
    {
        Name = name;
        IsDataStream = isDataStream;
        FailureStoreEnabled = failureStoreEnabled;
        Mappings = mappings;
        var day = created.ToString("yyyy.MM.dd", System.Globalization.CultureInfo.InvariantCulture);
        BackingIndex = isDataStream ? $".ds-{name}-{day}-000001" : name;
        FailureIndex = $".fs-{name}-{day}-000002";
    }

    public string Name { get; }

    public bool IsDataStream { get; }

    public bool FailureStoreEnabled { get; }

    public string BackingIndex { get; }

    public string FailureIndex { get; }

    public IndexMappings Mappings { get; }

    public Dictionary<string, StoredDocument> ById { get; } = new(StringComparer.Ordinal);

    public List<StoredDocument> Documents { get; } = [];

    public List<StoredDocument> FailureStore { get; } = [];

    public long NextSequenceNumber { get; set; }
}
