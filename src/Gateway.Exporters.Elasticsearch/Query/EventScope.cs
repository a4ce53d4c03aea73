namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>The scope an authenticated key stamps on its events (<c>scope.type</c>, <c>scope.id</c>), which also bounds what it may read.</summary>
public sealed record EventScope(string Type, string Id);
