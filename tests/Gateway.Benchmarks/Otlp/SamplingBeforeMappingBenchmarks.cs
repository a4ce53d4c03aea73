using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Load;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Mapping;
using Gateway.Processors.Sampling;
using Google.Protobuf;

namespace Gateway.Benchmarks.Otlp;

/// <summary>
/// What a receiver spends on one realistic request (the load harness's records: level mix, 1,000 sessions) up to the
/// sampled envelopes, per record: every record mapped and then sampled, against the first sampler deciding records off
/// the wire and only the kept ones mapped. Default sampling rates, so about 30% of records are kept.
/// </summary>
[MemoryDiagnoser]
public class SamplingBeforeMappingBenchmarks
{
    public const int Records = 512;
    private readonly EnvelopeMapper _mapper = new(new EnvelopeOptions(), TimeProvider.System);
    private readonly SamplingProcessor _sampler = new("sampling", new SamplingOptions(), TimeProvider.System);
    private readonly SamplingProcessor _dropAll = new("sampling", new SamplingOptions { Rates = new LevelRates { Debug = 0, Info = 0, Warn = 0, Error = 0, Fatal = 0 } }, TimeProvider.System);
    private readonly List<EventEnvelope> _output = new(Records);
    private byte[] _request = [];

    [GlobalSetup]
    public void Setup() => _request = new LoadRecordFactory(Records, seed: 1).Next().ToByteArray();

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public int MapThenSample()
    {
        _output.Clear();
        _mapper.Map(_request, _output);
        _sampler.Process(_output);
        return _output.Count;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public int SampleBeforeMapping()
    {
        _output.Clear();
        _mapper.Map(_request, _output, _sampler, out _);
        _sampler.Process(_output);
        return _output.Count;
    }

    /// <summary>What a record sampled out before mapping costs: every record read off the wire, validated, decided and counted.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public int EverySampledOutBeforeMapping()
    {
        _output.Clear();
        _mapper.Map(_request, _output, _dropAll, out var sampledOut);
        return sampledOut;
    }
}
