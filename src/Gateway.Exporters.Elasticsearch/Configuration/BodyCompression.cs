namespace Gateway.Exporters.Elasticsearch.Configuration;

/// <summary>How <c>_bulk</c> request bodies are encoded on the wire (<c>compression:</c>).</summary>
public enum BodyCompression : byte
{
    Gzip,
    None,
}
