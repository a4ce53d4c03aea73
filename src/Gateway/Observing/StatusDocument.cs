using System.Text.Json;
using Gateway.Host.Operations;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Pipeline;
using Gateway.Queues;
using Gateway.Taps;

namespace Gateway.Host.Observing;

/// <summary>
/// <c>GET /api/status</c>: the pipeline as the status page draws it (receivers, processors, routes, exporters) with
/// records per second on each edge, every exporter's health and queue, the last refusals, dead letters, the
/// configuration and the taps. Everything in it is also on <c>/metrics</c> and <c>/readyz</c>; this is their
/// picture, in one read.
/// </summary>
internal sealed class StatusDocument(ConfigReloader reloader, GatewayReadiness readiness, FlowRates rates, RecentRefusals? refusals, TapEndpoint tap, PipelineTaps taps, TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public void Write(Utf8JsonWriter json)
    {
        var runtime = reloader.Current;
        json.WriteStartObject();
        json.WriteString("checked_at", time.GetUtcNow());
        json.WriteString("version", Cli.GatewayCli.Version);
        json.WriteString("started_at", _started);
        json.WriteBoolean("stopping", readiness.IsStopping);
        GatewayReadiness.WriteConfig(json, reloader);
        WriteReceivers(json);
        WriteProcessors(json, runtime);
        WriteRoutes(json, runtime);
        WriteExporters(json, runtime);
        json.WriteStartObject("dead_letter");
        json.WriteString("path", Path.GetFullPath(runtime.DeadLetterPath));
        WriteFlow(json, FlowRates.DeadLettered);
        json.WriteEndObject();
        json.WriteStartObject("tap");
        json.WriteBoolean("key_required", tap.KeyRequired);
        json.WriteBoolean("allow_unredacted", tap.AllowUnredacted);
        json.WriteNumber("attached", taps.Count);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteReceivers(Utf8JsonWriter json)
    {
        json.WriteStartArray("receivers");
        foreach (var listener in readiness.Listeners)
        {
            json.WriteStartObject();
            json.WriteString("id", $"{listener.Receiver}/{listener.Transport}");
            json.WriteString("endpoint", listener.Address.ToString());
            WriteFlow(json, FlowRates.Accepted(listener.Transport), "accepted");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("refusals");
        WriteFlow(json, FlowRates.Refused);
        json.WriteStartArray("recent");
        foreach (var refusal in refusals?.Newest() ?? [])
        {
            json.WriteStartObject();
            json.WriteString("at", refusal.At);
            json.WriteString("transport", refusal.Transport);
            json.WriteString("reason", refusal.Reason);
            json.WriteString("answer", refusal.Answer);
            json.WriteString("detail", refusal.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteProcessors(Utf8JsonWriter json, GatewayRuntime runtime)
    {
        json.WriteStartArray("processors");
        foreach (var id in runtime.ProcessorIds) json.WriteStringValue(id.ToString());
        json.WriteEndArray();
        json.WriteStartObject("sampled_out");
        WriteFlow(json, FlowRates.SampledOut);
        json.WriteEndObject();
    }

    private void WriteRoutes(Utf8JsonWriter json, GatewayRuntime runtime)
    {
        json.WriteStartArray("routes");
        foreach (var route in runtime.Routes)
        {
            json.WriteStartObject();
            json.WriteString("name", route.Name);
            json.WriteStartArray("exporters");
            foreach (var exporter in route.Exporters) json.WriteStringValue(exporter);
            json.WriteEndArray();
            json.WriteBoolean("drop", route.Drop);
            json.WriteBoolean("continue", route.Continue);
            WriteFlow(json, FlowRates.Routed(route.Name), "matched");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("unrouted");
        WriteFlow(json, FlowRates.Unrouted);
        json.WriteEndObject();
    }

    private void WriteExporters(Utf8JsonWriter json, GatewayRuntime runtime)
    {
        json.WriteStartArray("exporters");
        foreach (var lane in runtime.Lanes)
        {
            var health = lane.Health.Current;
            var failure = lane.Queue.WriteFailure;
            var size = lane.Queue.Count;
            var capacity = lane.Queue.Capacity;
            json.WriteStartObject();
            json.WriteString("id", lane.Name);

            // Down: its destination is not taking batches (retrying) or its disk queue cannot store.
            json.WriteString("health", health.IsRetrying || failure is not null ? "down" : "up");
            if (health.RetryingSince is { } since) json.WriteString("retrying_since", since);
            if (health.LastError is { } error) json.WriteString("last_error", error);
            if (failure is not null) json.WriteString("queue_error", failure.Reason);
            json.WriteNumber("queue_size", size);
            json.WriteNumber("queue_capacity", capacity);
            json.WriteNumber("queue_fill", capacity > 0 ? Math.Round((double)size / capacity, 3) : 0);
            json.WriteString("queue_full_policy", JsonNamingPolicy.SnakeCaseLower.ConvertName(lane.Policy.ToString()));
            json.WriteBoolean("pushes_back", lane.Policy == QueueFullPolicy.Block && capacity > 0 && (double)size / capacity >= GatewayReadiness.BlockingQueueUnreadyFill);
            json.WriteNumber("sent", rates.Total(FlowRates.Sent(lane.Name)));
            json.WriteNumber("sent_per_second", Round(rates.PerSecond(FlowRates.Sent(lane.Name))));
            json.WriteNumber("failed", rates.Total(FlowRates.Failed(lane.Name)));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>A counter's total (as <paramref name="total"/>) and its rate (as per_second).</summary>
    private void WriteFlow(Utf8JsonWriter json, string key, string total = "count")
    {
        json.WriteNumber(total, rates.Total(key));
        json.WriteNumber("per_second", Round(rates.PerSecond(key)));
    }

    private static double Round(double value) => Math.Round(value, 2);
}
