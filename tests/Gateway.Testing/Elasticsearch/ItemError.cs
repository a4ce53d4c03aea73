namespace Gateway.Testing.Elasticsearch;

/// <summary>An error Elasticsearch reports for one bulk item (or one request): status, type, reason and optional cause.</summary>
internal sealed record ItemError(int Status, string Type, string Reason, string? CauseType = null, string? CauseReason = null)
{
    public static ItemError Parsing(string reason, string? causeType = null, string? causeReason = null) =>
        new(400, "document_parsing_exception", reason, causeType, causeReason);
}
