namespace Gateway.IntegrationTests.Operations;

/// <summary>
/// The metrics tests read counters that are process-wide (the receivers' have no per-test label), so they run alone,
/// after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OperationsCollection
{
    public const string Name = "Operations metrics";
}
