using System.Net;
using Gateway.Envelope;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>
/// Sends each event to one backend chosen by consistent hashing of its routing key (session id, else trace id, else
/// service): every event of a session reaches the same gateway replica, where sampling holds sessions and chat groups
/// messages. A batch is split by backend and handed to the backends' own queues; a backend whose queue is full has
/// its share retried by this exporter's lane (after the backoff, re-hashed on the ring then in force), so one slow
/// backend never holds up the others. With a DNS resolver the name is looked up every interval: a backend that joins
/// takes about 1/N of the sessions, one that leaves hands what it still holds to the backends that remain.
/// </summary>
public sealed class LoadBalancingExporter : IEventExporter, IStartableExporter, IQueueingExporter, IAsyncDisposable
{
    private static readonly TimeSpan FullBackendRetryAfter = TimeSpan.FromMilliseconds(200);

    private readonly string _name;
    private readonly LoadBalancingExporterOptions _options;
    private readonly ExporterContext _context;
    private readonly DnsBackendLookup _lookup;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _exporterTag;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _changes = new();
    private readonly List<Backend> _leaving = [];
    private volatile BackendSet _current = BackendSet.Empty;
    private Task _resolving = Task.CompletedTask;
    private int _stopping;
    private bool _started;

    public LoadBalancingExporter(ExporterContext context, LoadBalancingExporterOptions options, DnsBackendLookup? lookup = null)
    {
        _name = context.Id.ToString();
        _options = options;
        _context = context;
        _lookup = lookup ?? ((hostname, cancellationToken) => Dns.GetHostAddressesAsync(hostname, cancellationToken));
        _logger = context.LoggerFactory.CreateLogger<LoadBalancingExporter>();
        _exporterTag = new KeyValuePair<string, object?>("exporter", _name);
        if (options.Resolver.Static is { } list) Apply(BackendEndpoints.FromList(list.Hostnames));
    }

    /// <summary>The backends on the ring now, host:port each.</summary>
    public IReadOnlyList<string> Backends => _current.Ring.Backends;

    /// <summary>Where <paramref name="envelope"/> goes on the ring now; null while there is no backend.</summary>
    public string? BackendOf(EventEnvelope envelope)
    {
        var set = _current;
        return set.Ring.IsEmpty ? null : set.Backends[set.Ring.OwnerOf(RoutingKeys.Of(envelope, _options.RoutingKey))].Endpoint;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_changes)
        {
            _started = true;
            foreach (var backend in _current.Backends) backend.Lane.Start();
        }

        if (_options.Resolver.Dns is { } dns) _resolving = ResolveLoopAsync(dns);
        return Task.CompletedTask;
    }

    public async ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var set = _current;
        if (set.Ring.IsEmpty) return ExportResult.Retryable($"no backend yet: {ResolverText()} gave none");
        var shares = new List<EventEnvelope>?[set.Backends.Length];
        var positions = new List<int>?[set.Backends.Length];
        var envelopes = batch.Span;
        for (var i = 0; i < envelopes.Length; i++)
        {
            var owner = set.Ring.OwnerOf(RoutingKeys.Of(envelopes[i], _options.RoutingKey));
            (shares[owner] ??= []).Add(envelopes[i]);
            (positions[owner] ??= []).Add(i);
        }

        List<ItemFailure>? failures = null;
        for (var b = 0; b < shares.Length; b++)
        {
            if (shares[b] is not { } share) continue;
            var backend = set.Backends[b];
            if (!await TryHandAsync(backend, share, cancellationToken).ConfigureAwait(false))
            {
                failures ??= [];
                foreach (var position in positions[b]!)
                {
                    failures.Add(new ItemFailure(position, Retryable: true, "backend_queue_full", $"the queue of backend {backend.Endpoint} is full ({backend.Lane.Queue.Count} of {backend.Lane.Queue.Capacity})", backend.Endpoint));
                }
            }
        }

        return failures is null ? ExportResult.Success() : ExportResult.Partial(failures, FullBackendRetryAfter);
    }

    public async Task DrainAsync(CancellationToken abort)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _resolving.ConfigureAwait(false);
        var lanes = HeldLanes();
        foreach (var lane in lanes) lane.CompleteAdding();
        await Task.WhenAll(lanes.ConvertAll(l => l.Completion)).WaitAsync(abort).ConfigureAwait(false);
    }

    public async Task<ExporterShutdownReport> AbortAsync()
    {
        Interlocked.Exchange(ref _stopping, 1);
        int deadLettered = 0, inFlight = 0;
        foreach (var lane in HeldLanes())
        {
            var report = await lane.AbortAsync().ConfigureAwait(false);
            deadLettered += report.DeadLettered;
            inFlight += report.StillInFlight;
        }

        return new ExporterShutdownReport(_name, deadLettered, inFlight);
    }

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _stopping, 1);
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
        await _resolving.ConfigureAwait(false);
        foreach (var lane in HeldLanes()) await lane.DisposeAsync().ConfigureAwait(false);
        LoadBalancingMetrics.Backends.Add(-_current.Backends.Length, _exporterTag);
        _stop.Dispose();
    }

    /// <summary>Takes the resolver's answer: backends still listed keep their lanes, new ones get a lane, departed ones hand over.</summary>
    internal void Apply(IReadOnlyList<string> endpoints)
    {
        lock (_changes)
        {
            var previous = _current;
            if (previous.Ring.Backends.SequenceEqual(endpoints, StringComparer.Ordinal)) return;
            var kept = new Dictionary<string, Backend>(StringComparer.Ordinal);
            foreach (var backend in previous.Backends) kept[backend.Endpoint] = backend;
            var backends = new Backend[endpoints.Count];
            var joined = new List<string>();
            for (var i = 0; i < endpoints.Count; i++)
            {
                if (kept.Remove(endpoints[i], out var existing))
                {
                    backends[i] = existing;
                    continue;
                }

                var endpoint = endpoints[i];
                var backend = new Backend(_name, endpoint, _options.Protocol.Otlp, _context, envelopes => HandOverAsync(endpoint, envelopes));
                backends[i] = backend;
                joined.Add(endpoint);
                if (_started) backend.Lane.Start();
            }

            _current = new BackendSet(new HashRing(endpoints), backends);
            LoadBalancingMetrics.Backends.Add(endpoints.Count - previous.Backends.Length, _exporterTag);
            foreach (var departed in kept.Values) Retire(departed);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var now = string.Join(", ", endpoints);
                var joinedText = string.Join(", ", joined);
                var leftText = string.Join(", ", kept.Keys);
                LoadBalancingLog.BackendsChanged(_logger, _name, now, joinedText, leftText);
            }
        }
    }

    private async Task<bool> TryHandAsync(Backend backend, List<EventEnvelope> share, CancellationToken cancellationToken)
    {
        if (!backend.Lane.Queue.TryReserve(share.Count))
        {
            LoadBalancingMetrics.BackendFull.Add(share.Count, _exporterTag, backend.BackendTag);
            return false;
        }

        await backend.Lane.EnqueueAsync(share, reserved: true, cancellationToken).ConfigureAwait(false);
        LoadBalancingMetrics.Routed.Add(share.Count, _exporterTag, backend.BackendTag);
        return true;
    }

    /// <summary>
    /// A departed backend first delivers what it holds (a replica that is terminating still answers, or says
    /// UNAVAILABLE while it drains) for up to three of its timeouts; what is left then goes to the remaining backends.
    /// </summary>
    private void Retire(Backend backend)
    {
        lock (_leaving) _leaving.Add(backend);
        backend.Lane.CompleteAdding();
        _ = Task.Run(async () =>
        {
            var grace = _options.Protocol.Otlp.Timeout * 3;
            await Task.WhenAny(backend.Lane.Completion, Task.Delay(grace < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : grace, _context.Time)).ConfigureAwait(false);
            if (!backend.Lane.Completion.IsCompleted && Volatile.Read(ref _stopping) == 0) await backend.Lane.AbortAsync().ConfigureAwait(false);
            if (Volatile.Read(ref _stopping) != 0) return;
            lock (_leaving) _leaving.Remove(backend);
            await backend.Lane.DisposeAsync().ConfigureAwait(false);
        });
    }

    /// <summary>
    /// What a departed backend's lane still held: re-hashed onto the ring in force. When the gateway is stopping, or no
    /// backend has room, it goes to the dead-letter file as any undelivered event does.
    /// </summary>
    private async ValueTask HandOverAsync(string endpoint, ReadOnlyMemory<EventEnvelope> envelopes)
    {
        var set = _current;
        if (Volatile.Read(ref _stopping) == 0 && !set.Ring.IsEmpty && !set.Ring.Backends.Contains(endpoint))
        {
            LoadBalancingLog.HandedOver(_logger, _name, endpoint, envelopes.Length);
            var result = await ExportAsync(new EventBatch(envelopes), CancellationToken.None).ConfigureAwait(false);
            if (result.Outcome == ExportOutcome.Success) return;
            var left = new EventEnvelope[result.ItemFailures.Count];
            for (var i = 0; i < left.Length; i++) left[i] = envelopes.Span[result.ItemFailures[i].Index];
            envelopes = left;
        }

        var entry = new DeadLetterEntry(DeadLetterReasons.Shutdown, $"backend {endpoint} left or the gateway stopped before it was delivered", DeadLetterReasons.Shutdown);
        await _context.DeadLetters!.WriteAsync($"{_name}/{endpoint}", entry, envelopes).ConfigureAwait(false);
    }

    private async Task ResolveLoopAsync(DnsResolverOptions dns)
    {
        using var timer = new PeriodicTimer(dns.Interval, _context.Time);
        do
        {
            await ResolveOnceAsync(dns).ConfigureAwait(false);
        }
        while (await NextTickAsync(timer).ConfigureAwait(false));
    }

    private async Task<bool> NextTickAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One lookup; a failed or empty answer keeps the backends there are (a DNS hiccup must not empty the ring).</summary>
    internal async Task ResolveOnceAsync(DnsResolverOptions dns)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(dns.Timeout);
        IPAddress[] addresses;
        try
        {
            addresses = await _lookup(dns.Hostname!, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            var reason = e is OperationCanceledException ? $"no answer within {dns.Timeout.TotalSeconds:0.###}s" : e.Message;
            LoadBalancingLog.LookupFailed(_logger, _name, dns.Hostname!, reason, string.Join(", ", _current.Ring.Backends));
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (addresses.Length == 0)
        {
            LoadBalancingLog.NoRecords(_logger, _name, dns.Hostname!, string.Join(", ", _current.Ring.Backends));
            return;
        }

        Apply(BackendEndpoints.FromAddresses(addresses, dns.Port));
    }

    private List<ExporterLane> HeldLanes()
    {
        var lanes = new List<ExporterLane>();
        foreach (var backend in _current.Backends) lanes.Add(backend.Lane);
        lock (_leaving)
        {
            foreach (var backend in _leaving) lanes.Add(backend.Lane);
        }

        return lanes;
    }

    private string ResolverText() => _options.Resolver.Dns is { } dns ? $"dns {dns.Hostname}" : "the static list";
}
