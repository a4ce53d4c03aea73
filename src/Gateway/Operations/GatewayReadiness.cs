using System.Text.Json;
using Gateway.Pipeline;
using Gateway.Queues;

namespace Gateway.Host.Operations;

/// <summary>
/// The answer of <c>/readyz</c>: ready when the receivers listen, a configuration is loaded and no exporter pushes back
/// on clients. A retrying exporter alone does not make the gateway unready (its queue absorbs the outage, as the
/// collector's health check sees it); a block-policy exporter whose queue is at least 90% full does, because the
/// next requests will be refused and a load balancer should prefer another instance. So does a persistent queue that
/// cannot store (its disk is full or refuses writes): every request routed to it is refused until it can again.
/// Every exporter's state is shown either way.
/// </summary>
internal sealed class GatewayReadiness(ConfigReloader reloader, TimeProvider time)
{
    public const double BlockingQueueUnreadyFill = 0.9;

    private volatile IReadOnlyList<ReceiverListener>? _listeners;
    private volatile bool _stopping;

    /// <summary>The receivers' listeners, once bound (the status page draws them).</summary>
    public IReadOnlyList<ReceiverListener> Listeners => _listeners ?? [];

    public bool IsStopping => _stopping;

    /// <summary>Set once the receivers' listeners are bound; until then the gateway is not ready.</summary>
    public void ReceiversListening(IReadOnlyList<ReceiverListener> listeners) => _listeners = listeners;

    /// <summary>The gateway is stopping: the receivers no longer take requests while the queues drain.</summary>
    public void Stopping() => _stopping = true;

    /// <summary>Writes the readiness document and returns whether the gateway is ready.</summary>
    public bool Write(Utf8JsonWriter json)
    {
        var runtime = reloader.Current;
        var listeners = _listeners;
        var stopping = _stopping;
        var ready = listeners is not null && !stopping;
        json.WriteStartObject();
        json.WriteString("checked_at", time.GetUtcNow());
        if (stopping) json.WriteBoolean("stopping", true);
        json.WriteStartArray("receivers");
        foreach (var listener in listeners ?? [])
        {
            json.WriteStartObject();
            json.WriteString("receiver", listener.Receiver);
            json.WriteString("transport", listener.Transport);
            json.WriteString("endpoint", listener.Address.ToString());
            json.WriteBoolean("listening", !stopping);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteConfig(json, reloader);
        json.WriteStartArray("exporters");
        foreach (var lane in runtime.Lanes) ready &= WriteExporter(json, lane);
        json.WriteEndArray();
        json.WriteString("status", ready ? "ready" : "not_ready");
        json.WriteEndObject();
        return ready;
    }

    /// <summary>
    /// The running configuration: its file (absolute, so it names the file whatever the reader's directory), load time,
    /// reloads, a refused reload's errors. <c>/readyz</c> and <c>/api/status</c> write the same block.
    /// </summary>
    public static void WriteConfig(Utf8JsonWriter json, ConfigReloader reloader)
    {
        json.WriteStartObject("config");
        json.WriteString("path", Path.GetFullPath(reloader.ConfigPath));
        json.WriteString("loaded_at", reloader.LoadedAt);
        json.WriteNumber("reloads", reloader.Reloads);
        if (reloader.LastOutcome is { Refused: true } refused)
        {
            json.WriteStartObject("last_reload_refused");
            json.WriteString("at", refused.At);
            json.WriteStartArray("errors");
            foreach (var error in refused.Errors) json.WriteStringValue(error);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static bool WriteExporter(Utf8JsonWriter json, ExporterLane lane)
    {
        var health = lane.Health.Current;
        var size = lane.Queue.Count;
        var capacity = lane.Queue.Capacity;
        var fill = capacity > 0 ? (double)size / capacity : 0;
        var failure = lane.Queue.WriteFailure;
        var ready = (lane.Policy != QueueFullPolicy.Block || fill < BlockingQueueUnreadyFill) && failure is null;
        json.WriteStartObject();
        json.WriteString("exporter", lane.Name);
        json.WriteString("state", health.IsRetrying ? "retrying" : "ok");
        if (health.RetryingSince is { } since) json.WriteString("retrying_since", since);
        if (health.LastError is { } error) json.WriteString("last_error", error);
        json.WriteNumber("queue_size", size);
        json.WriteNumber("queue_capacity", capacity);
        json.WriteNumber("queue_fill", Math.Round(fill, 3));
        json.WriteString("queue_full_policy", JsonNamingPolicy.SnakeCaseLower.ConvertName(lane.Policy.ToString()));
        json.WriteBoolean("queue_writable", failure is null);
        if (failure is not null)
        {
            json.WriteString("queue_unwritable_reason", failure.Kind);
            json.WriteString("queue_unwritable_since", failure.Since);
            json.WriteString("queue_error", failure.Reason);
        }

        json.WriteBoolean("ready", ready);
        json.WriteEndObject();
        return ready;
    }
}
