namespace Gateway.Tests.Pipeline;

/// <summary>
/// Runtime tests read the process-wide Meter by exporter and route name, so they run one at a time (after the
/// parallel tests), never overlapping another test's measurements.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PipelineCollection
{
    public const string Name = "Pipeline runtime";
}
