using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Exporters.Otlp.Configuration;
using Gateway.Exporters.Otlp.Transport;
using Gateway.Pipeline;
using Gateway.Queues;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>
/// One backend of a loadbalancing exporter: an <c>otlp</c> exporter in a lane of its own (queue, batches, retry), so a
/// slow or absent backend fills only its queue. Its metrics carry exporter="loadbalancing/NAME/HOST:PORT".
/// </summary>
internal sealed class Backend
{
    public Backend(string owner, string endpoint, OtlpGrpcExporterOptions protocol, ExporterContext context, Func<ReadOnlyMemory<EventEnvelope>, ValueTask> handOver)
    {
        Endpoint = endpoint;
        var options = protocol.WithEndpoint(endpoint);
        var name = $"{owner}/{endpoint}";
        var exporter = new OtlpExporter(name, new OtlpGrpcTransport(options, OtlpHandlerFactory.Create(options)), json: false, context.Time, context.LoggerFactory.CreateLogger<LoadBalancingExporter>());

        // Always the block policy: a full backend queue refuses (and the loadbalancing exporter retries) rather than drops.
        var queue = new MemoryEventQueue(options.Queue.Size, QueueFullPolicy.Block, context.Time);
        var deadLetters = context.DeadLetters ?? throw new InvalidOperationException("the loadbalancing exporter needs the gateway's dead-letter file");
        Lane = new ExporterLane(new ComponentId(owner, endpoint), exporter, options, queue, deadLetters, new Random(context.Random.Next()), context.Time, context.LoggerFactory.CreateLogger("Gateway.Exporter"), handOver);
        BackendTag = new KeyValuePair<string, object?>("backend", endpoint);
    }

    public string Endpoint { get; }

    public ExporterLane Lane { get; }

    public KeyValuePair<string, object?> BackendTag { get; }
}
