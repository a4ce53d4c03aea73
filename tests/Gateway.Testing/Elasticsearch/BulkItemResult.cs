namespace Gateway.Testing.Elasticsearch;

/// <summary>The answer for one bulk item, written into the response's <c>items</c> array.</summary>
internal sealed record BulkItemResult(string Operation, string Index, string Id, int Status, ItemError? Error = null, long SequenceNumber = 0, bool FailureStoreUsed = false);
