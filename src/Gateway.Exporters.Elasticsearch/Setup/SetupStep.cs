using System.Text.Json.Nodes;

namespace Gateway.Exporters.Elasticsearch.Setup;

/// <summary>One idempotent PUT of the set-up: what it is (for messages), where it goes and its body.</summary>
public sealed record SetupStep(string Description, string Path, JsonObject Body);
