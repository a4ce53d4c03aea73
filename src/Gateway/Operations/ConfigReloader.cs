using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Pipeline;
using Gateway.Processors.Sampling;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Operations;

/// <summary>
/// Applies a changed gateway.yaml while events flow: on SIGHUP or a change of the file it loads and validates the new
/// configuration (once the file has stopped changing), builds its processors, routes and exporters (carrying over every exporter whose block is unchanged,
/// queue and in-flight batches included), swaps it in one step and lets the exporters it removed or changed drain to
/// their old destination in the background. An invalid file is refused with its line-numbered errors and the running
/// configuration stays. Receivers, <c>envelope:</c> and <c>service:</c> are fixed at start (listeners stay open).
/// </summary>
internal sealed class ConfigReloader : IAsyncDisposable
{
    private readonly PipelineSlot _slot;
    private readonly ComponentCatalog _catalog;
    private readonly RuntimeServices _services;
    private readonly GatewayConfigLoader? _loader;
    private readonly ILogger _logger;

    /// <summary>Says what sampling keeps, at start and whenever a reload changes it.</summary>
    private readonly ILogger _samplingLogger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _abortDraining = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly RestartOnlyBlocks _restartOnlyAtStart;
    private readonly SettledFileReader _reader;
    private ReloadTriggers? _triggers;
    private string? _lastText;
    private volatile GatewayRuntime _current;
    private volatile ReloadOutcome? _lastOutcome;
    private Task _draining = Task.CompletedTask;
    private int _reloads;
    private bool _stopped;

    /// <param name="loader">The loader the running configuration came from; null turns reloading off.</param>
    public ConfigReloader(PipelineSlot slot, GatewayRuntime runtime, ComponentCatalog catalog, RuntimeServices services, GatewayConfigLoader? loader)
    {
        _slot = slot;
        _current = runtime;
        _catalog = catalog;
        _services = services;
        _loader = loader;
        _logger = services.LoggerFactory.CreateLogger("Gateway.Reload");
        _reader = new SettledFileReader(services.Time);
        _lastText = loader is null ? null : TryRead(runtime.Config.SourcePath);
        _restartOnlyAtStart = RestartOnlyBlocks.Of(_lastText);
        LoadedAt = services.Time.GetUtcNow();
        slot.Set(runtime);
        _samplingLogger = services.LoggerFactory.CreateLogger("Gateway.Sampling");
        if (SamplingSummary.Describe(runtime.Config) is { } sampling) OperationsLog.Sampling(_samplingLogger, sampling);
    }

    /// <summary>The runtime requests go to now.</summary>
    public GatewayRuntime Current => _current;

    public string ConfigPath => _current.Config.SourcePath;

    /// <summary>When the running configuration was loaded (start or last applied reload).</summary>
    public DateTimeOffset LoadedAt { get; private set; }

    public int Reloads => Volatile.Read(ref _reloads);

    /// <summary>The last reload attempt's outcome (null before the first).</summary>
    public ReloadOutcome? LastOutcome => _lastOutcome;

    /// <summary>Reloads on SIGHUP and on every change of the configuration file.</summary>
    public void Watch()
    {
        if (_loader is not null) _triggers = new ReloadTriggers(Path.GetFullPath(ConfigPath), ReloadQuietlyAsync, _services.Time, _logger);
    }

    /// <summary>Loads the configuration file again and applies it if it is valid and changed.</summary>
    public async Task<ReloadOutcome> ReloadAsync(string trigger, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _services.Time.GetUtcNow();
            if (_stopped || _loader is null) return ReloadOutcome.Skipped(now);
            var path = ConfigPath;
            var (text, unsettled) = await _reader.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            now = _services.Time.GetUtcNow();
            if (text is null) return Refuse(trigger, new ConfigException([new ConfigError(path, 0, 0, unsettled!)]), now);

            if (text == _lastText)
            {
                // Back to what runs (e.g. a refused edit reverted): nothing to apply, and nothing refused any more.
                OperationsLog.Unchanged(_logger, trigger, path);
                return _lastOutcome = ReloadOutcome.Skipped(now);
            }

            GatewayRuntime next;
            try
            {
                next = GatewayRuntime.Build(_loader.Load(text, path), _catalog, _services, _current);
            }
            catch (ConfigException e)
            {
                return Refuse(trigger, e, now);
            }
            catch (Exception e)
            {
                OperationsLog.ReloadFailed(_logger, trigger, e);
                OperationsMetrics.ReloadFailures.Add(1);
                return _lastOutcome = new ReloadOutcome(false, [$"{path}: building the new pipeline failed: {e.Message}"], now);
            }

            // Past this point the new runtime (which may share lanes with the running one) is swapped in, not abandoned.
            await next.StartAsync(CancellationToken.None).ConfigureAwait(false);

            // The outcome first: whoever sees the new runtime must not read the refusal it replaced (/readyz, /api/status).
            var applied = _lastOutcome = new ReloadOutcome(true, [], now);
            var previous = _current;
            _current = next;
            _slot.Set(next);
            _lastText = text;
            LoadedAt = now;
            Interlocked.Increment(ref _reloads);
            OperationsMetrics.Reloads.Add(1);
            Report(trigger, previous, next, text);
            _draining = DrainAsync(previous, next, _draining);
            return applied;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>No reload after this (the gateway is stopping); waits for one in progress to finish.</summary>
    public async Task StopReloadingAsync()
    {
        if (_triggers is not null) await _triggers.DisposeAsync().ConfigureAwait(false);
        // A triggered reload still waiting for the file to settle gives up rather than hold the stop.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _stopped = true;
        _gate.Release();
    }

    /// <summary>
    /// Waits for the exporters earlier reloads removed to drain; when <paramref name="deadline"/> fires, what they
    /// still hold is dead-lettered as at any stop.
    /// </summary>
    public async Task WaitForDrainingAsync(CancellationToken deadline)
    {
        await using (deadline.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abortDraining).ConfigureAwait(false))
        {
            await _draining.ConfigureAwait(false);
        }
    }

    private async Task ReloadQuietlyAsync(string trigger)
    {
        try
        {
            await ReloadAsync(trigger, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The gateway is stopping.
        }
        catch (Exception e)
        {
            OperationsLog.ReloadFailed(_logger, trigger, e);
        }
    }

    private ReloadOutcome Refuse(string trigger, ConfigException exception, DateTimeOffset now)
    {
        foreach (var error in exception.Errors) OperationsLog.ReloadRefused(_logger, trigger, error.ToString());
        OperationsMetrics.ReloadFailures.Add(1);
        return _lastOutcome = ReloadOutcome.From(exception, now);
    }

    private void Report(string trigger, GatewayRuntime previous, GatewayRuntime next, string text)
    {
        var kept = 0;
        foreach (var lane in next.Lanes)
        {
            foreach (var old in previous.Lanes)
            {
                if (ReferenceEquals(lane, old)) kept++;
            }
        }

        OperationsLog.Reloaded(_logger, trigger, kept, next.Lanes.Count - kept, previous.Lanes.Count - kept);
        var sampling = SamplingSummary.Describe(next.Config);
        if (sampling != SamplingSummary.Describe(previous.Config)) OperationsLog.Sampling(_samplingLogger, sampling ?? "sampling is off: every event is kept");
        foreach (var section in RestartOnlyBlocks.Of(text).ChangedFrom(_restartOnlyAtStart)) OperationsLog.RestartNeeded(_logger, section, ConfigPath);
    }

    /// <summary>
    /// Retirements run one after another: a lane the previous runtime still fills may be one this retirement closes, so
    /// it is closed only once the runtime before has let go of it.
    /// </summary>
    private async Task DrainAsync(GatewayRuntime previous, GatewayRuntime successor, Task earlier)
    {
        await earlier.ConfigureAwait(false);
        try
        {
            await previous.RetireAsync(successor, _abortDraining.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            OperationsLog.RetireFailed(_logger, e);
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopReloadingAsync().ConfigureAwait(false);
        await WaitForDrainingAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        _abortDraining.Dispose();
        _stopping.Dispose();
        _gate.Dispose();
    }
}
