using System.Net;
using Gateway.Configuration;
using Gateway.Queues;

namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>
/// The <c>loadbalancing</c> exporter, as the collector's: each event goes to one of several OTLP/gRPC backends chosen
/// by consistent hashing of <c>routing_key</c>; <c>protocol.otlp</c> is each backend's exporter, with its own queue,
/// batches and retry (so one slow backend does not hold the others back), <c>queue</c>/<c>batch</c>/<c>retry</c> of
/// this exporter hand events to those queues.
/// </summary>
public sealed class LoadBalancingExporterOptions : ExporterOptions
{
    public RoutingKey RoutingKey { get; set; } = RoutingKey.Session;

    public LoadBalancingProtocolOptions Protocol { get; set; } = new();

    public ResolverOptions Resolver { get; set; } = new();

    public override void Validate(OptionsValidationContext context)
    {
        base.Validate(context);
        var (staticList, dns) = (Resolver.Static, Resolver.Dns);
        if ((staticList is null) == (dns is null))
        {
            context.Error("resolver", "needs exactly one of static: { hostnames: [tier2-a:4317, tier2-b:4317] } and dns: { hostname: gateway-tier2.observability.svc.cluster.local }");
        }

        if (staticList is not null)
        {
            if (staticList.Hostnames.Count == 0) context.Error("resolver", "static.hostnames is empty; list the backends as host:port, e.g. [tier2-a:4317, tier2-b:4317]");
            foreach (var hostname in staticList.Hostnames)
            {
                if (!IsHostPort(hostname)) context.Error("resolver", $"static.hostnames: '{hostname}' is not host:port, e.g. tier2-a:4317");
            }

            if (staticList.Hostnames.Distinct(StringComparer.OrdinalIgnoreCase).Count() != staticList.Hostnames.Count) context.Error("resolver", "static.hostnames lists a backend twice");
        }

        if (dns is not null)
        {
            if (string.IsNullOrWhiteSpace(dns.Hostname) || Uri.CheckHostName(dns.Hostname) == UriHostNameType.Unknown) context.Error("resolver", $"dns.hostname '{dns.Hostname}' is not a host name, e.g. gateway-tier2.observability.svc.cluster.local");
            if (dns.Port is < 1 or > 65535) context.Error("resolver", $"dns.port must be between 1 and 65535, got {dns.Port}");
            if (dns.Interval < TimeSpan.FromMilliseconds(100)) context.Error("resolver", $"dns.interval must be at least 100ms, got {dns.Interval}");
            if (dns.Timeout <= TimeSpan.Zero) context.Error("resolver", $"dns.timeout must be positive, got {dns.Timeout}");
        }

        var otlp = Protocol.Otlp;
        if (otlp.Endpoint != LoadBalancingProtocolOptions.ResolverEndpoint) context.Error("protocol", "otlp.endpoint is given by the resolver for each backend; remove it");
        if (otlp.Queue.Type == QueueType.Persistent) context.Error("protocol", "otlp.queue.type: persistent is not supported per backend (backends come and go); put the persistent queue on the loadbalancing exporter itself (queue: { type: persistent })");
    }

    private static bool IsHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            && Uri.CheckHostName(text[..colon].Trim('[', ']')) != UriHostNameType.Unknown;
    }
}
