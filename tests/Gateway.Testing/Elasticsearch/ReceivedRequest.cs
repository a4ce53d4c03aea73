namespace Gateway.Testing.Elasticsearch;

/// <summary>What the double saw of one request: enough to check headers, encoding, sizes and when it came.</summary>
public sealed record ReceivedRequest(string Method, string Path, string? ContentType, string? ContentEncoding, string? Authorization, long WireBytes, long BodyBytes, DateTime ReceivedAt);
