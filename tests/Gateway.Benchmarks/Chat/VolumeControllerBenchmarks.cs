using BenchmarkDotNet.Attributes;
using Gateway.Envelope;
using Gateway.Exporters.Chat.Volume;
using Gateway.Testing;

namespace Gateway.Benchmarks.Chat;

/// <summary>
/// The per-event cost of chat volume control. Folding an event into an open group is what a burst of identical errors
/// does thousands of times, so it must not allocate; a held-back event of a known group must not either.
/// </summary>
[MemoryDiagnoser]
public class VolumeControllerBenchmarks
{
    private readonly EventEnvelope _error = Some.Envelope(name: "payment.failed", level: EventLevel.Error, error: Some.Error());
    private readonly DateTimeOffset _now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private VolumeController _grouping = null!;
    private VolumeController _limited = null!;

    [GlobalSetup]
    public void Setup()
    {
        _grouping = new VolumeController(["service", "name", "error.name"], TimeSpan.FromDays(1), ratePerMinute: 20);
        _grouping.Admit(_error, _now);
        _limited = new VolumeController(["service", "name", "error.name"], TimeSpan.Zero, ratePerMinute: 1);
        _limited.Admit(_error, _now);
        _limited.Admit(_error, _now);
    }

    [Benchmark(Baseline = true)]
    public VolumeDecision FoldIntoOpenGroup() => _grouping.Admit(_error, _now).Decision;

    [Benchmark]
    public VolumeDecision HoldBackKnownGroup() => _limited.Admit(_error, _now).Decision;
}
