using Gateway.Diagnostics;
using Gateway.Host.Operations;
using Gateway.Pipeline;

namespace Gateway.Host.Observing;

/// <summary>
/// Records per second on each edge of the pipeline, for the status page: the counters the gateway already keeps
/// (accepted per receiver, matched per route, sent per exporter...) read once a second into a short ring, the rate
/// being the change over the last few seconds. Nothing is added to the pipeline's path.
/// </summary>
internal sealed class FlowRates : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Samples kept: a rate spans up to this many intervals, smooth enough to read, fresh enough to be live.</summary>
    private const int Window = 6;

    private readonly MetricsRegistry _metrics;
    private readonly Func<GatewayRuntime> _runtime;
    private readonly Func<IReadOnlyList<ReceiverListener>> _listeners;
    private readonly TimeProvider _time;
    private readonly (long At, Dictionary<string, double> Values)[] _samples = new (long, Dictionary<string, double>)[Window];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private int _count;
    private int _next;
    private Task _sampling = Task.CompletedTask;

    public FlowRates(MetricsRegistry metrics, Func<GatewayRuntime> runtime, Func<IReadOnlyList<ReceiverListener>> listeners, TimeProvider time)
    {
        _metrics = metrics;
        _runtime = runtime;
        _listeners = listeners;
        _time = time;
    }

    public void Start()
    {
        Sample();
        _sampling = RunAsync();
    }

    public static string Accepted(string transport) => $"accepted|{transport}";

    public static string Routed(string route) => $"routed|{route}";

    public static string Sent(string exporter) => $"sent|{exporter}";

    public static string Failed(string exporter) => $"failed|{exporter}";

    public const string Refused = "refused";
    public const string Unrouted = "unrouted";
    public const string SampledOut = "sampled_out";
    public const string DeadLettered = "dead_lettered";

    /// <summary>The counter's latest reading.</summary>
    public double Total(string key)
    {
        lock (_gate)
        {
            return _count == 0 ? 0 : _samples[(_next - 1 + Window) % Window].Values.GetValueOrDefault(key);
        }
    }

    /// <summary>Per second over the samples held (0 until two exist).</summary>
    public double PerSecond(string key)
    {
        lock (_gate)
        {
            if (_count < 2) return 0;
            var newest = _samples[(_next - 1 + Window) % Window];
            var oldest = _samples[(_next - _count + Window) % Window];
            var seconds = _time.GetElapsedTime(oldest.At, newest.At).TotalSeconds;
            if (seconds <= 0) return 0;
            return Math.Max(0, newest.Values.GetValueOrDefault(key) - oldest.Values.GetValueOrDefault(key)) / seconds;
        }
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) Sample();
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Sample()
    {
        var runtime = _runtime();
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var listener in _listeners())
        {
            values[Accepted(listener.Transport)] = _metrics.CounterValue("otelcol_receiver_accepted_log_records", ("receiver", listener.Receiver), ("transport", listener.Transport));
        }

        foreach (var route in runtime.Routes) values[Routed(route.Name)] = _metrics.CounterValue("gateway_routed_log_records", ("route", route.Name));
        foreach (var lane in runtime.Lanes)
        {
            values[Sent(lane.Name)] = _metrics.CounterValue("otelcol_exporter_sent_log_records", ("exporter", lane.Name));
            values[Failed(lane.Name)] = _metrics.CounterValue("otelcol_exporter_send_failed_log_records", ("exporter", lane.Name));
        }

        values[Refused] = _metrics.CounterTotal("otelcol_receiver_refused_requests");
        values[Unrouted] = _metrics.CounterTotal("gateway_unrouted_log_records");
        values[SampledOut] = _metrics.CounterTotal("gateway_sampling_sampled_out");
        values[DeadLettered] = _metrics.CounterTotal("gateway_dead_lettered_log_records");
        lock (_gate)
        {
            _samples[_next] = (_time.GetTimestamp(), values);
            _next = (_next + 1) % Window;
            _count = Math.Min(_count + 1, Window);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }
}
