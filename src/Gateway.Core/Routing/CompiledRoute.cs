using Gateway.Routing.Conditions;

namespace Gateway.Routing;

/// <summary>A route ready for the hot path: its conditions compiled, its exporters checked against <c>exporters:</c>.</summary>
public sealed class CompiledRoute
{
    /// <summary>The route that receives what no other route matched.</summary>
    public const string DefaultName = "default";

    public required string Name { get; init; }

    public required IEventCondition Condition { get; init; }

    public required string[] Exporters { get; init; }

    public bool Continue { get; init; }

    public bool Drop { get; init; }

    public bool IsDefault => Name == DefaultName;
}
