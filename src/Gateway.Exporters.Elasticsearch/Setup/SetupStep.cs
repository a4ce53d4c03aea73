using System.Text.Json.Nodes;

namespace Gateway.Exporters.Elasticsearch.Setup;

/// <summary>One idempotent PUT of the set-up: what it is (for messages), which API, the resource's name and its body.</summary>
public sealed record SetupStep(string Description, SetupStepKind Kind, string Name, JsonObject Body);

public enum SetupStepKind : byte
{
    IlmPolicy,
    ComponentTemplate,
    IndexTemplate,
}
