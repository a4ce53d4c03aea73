namespace Gateway.IntegrationTests.Operations;

/// <summary>
/// The native (AOT) publish keeps both cores busy for about a minute; run alone, after the parallel tests, it
/// cannot starve tests that wait on a loaded gateway.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeBuildCollection
{
    public const string Name = "Native build";
}
