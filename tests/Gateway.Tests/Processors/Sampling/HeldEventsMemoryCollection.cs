namespace Gateway.Tests.Processors.Sampling;

/// <summary>Heap measurements run one at a time, after the parallel tests, so no other test's allocations count.</summary>
[CollectionDefinition(HeldEventsMemoryTests.Name, DisableParallelization = true)]
public sealed class HeldEventsMemoryCollection;
