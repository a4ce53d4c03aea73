namespace Gateway.IntegrationTests.Routing;

/// <summary>These tests read the process-wide Meter and set the SDK's retry variable, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RoutingCollection
{
    public const string Name = "Routing end to end";
}
