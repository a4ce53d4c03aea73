using BenchmarkDotNet.Attributes;
using Gateway.Envelope;
using Gateway.Processors.Sampling;
using Gateway.Testing;

namespace Gateway.Benchmarks.Processors;

/// <summary>
/// The cost per envelope of the sampling decision with the default rates, with and without keep_session_on_error,
/// and of holding an event (every envelope held).
/// </summary>
[MemoryDiagnoser]
public class SamplingBenchmarks
{
    private const int BatchSize = 100;

    private readonly SamplingProcessor _plain = new("sampling", new SamplingOptions(), TimeProvider.System);
    private readonly SamplingProcessor _holding = new("sampling", new SamplingOptions { KeepSessionOnError = new KeepSessionOnErrorOptions() }, TimeProvider.System);

    /// <summary>Keeps (all but) nothing, so every envelope is held: the cost of holding one event (at the limits, each also evicts one).</summary>
    private readonly SamplingProcessor _holdingAll = new("sampling", new SamplingOptions
    {
        Rates = new LevelRates { Debug = 0.000001, Info = 0.000001, Warn = 0.000001 },
        KeepSessionOnError = new KeepSessionOnErrorOptions(),
    }, TimeProvider.System);
    private EventEnvelope[] _source = [];
    private readonly List<EventEnvelope> _batch = new(BatchSize * 2);

    [GlobalSetup]
    public void Setup() => _source = [.. Enumerable.Range(0, BatchSize).Select(i => Some.Envelope(level: (EventLevel)(1 + (i % 3)), sessionId: $"session-{i % 17}"))];

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize)]
    public int DefaultRates() => Run(_plain);

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int DefaultRatesKeepSessionOnError() => Run(_holding);

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int KeepSessionOnErrorEveryEventHeld() => Run(_holdingAll);

    private int Run(SamplingProcessor processor)
    {
        _batch.Clear();
        _batch.AddRange(_source);
        processor.Process(_batch);
        return _batch.Count;
    }
}
