using System.Text;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using Gateway.Exporters.Elasticsearch.Configuration;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// The official client's transport (<c>Elastic.Transport</c>) for one exporter, its connection handling taken from the
/// options: which node pool, the credentials, the certificate check, request compression and the request timeout.
/// Only the transport: the typed client (<c>ElasticsearchClient</c>) brings a serializer context over every request and
/// response class of the Elasticsearch API, which doubled the native binary while the gateway sends bodies it builds
/// itself (see docs/performance.md, "The official Elasticsearch client").
/// </summary>
public static class ElasticsearchTransportFactory
{
    /// <summary>
    /// The client's identity on the wire: the compatibility media type (<c>compatible-with=9</c>), the
    /// <c>x-elastic-client-meta</c> header and the user agent name the client's version, as the typed client sends them.
    /// Only the type's assembly version is read; none of its code is used.
    /// </summary>
    private static readonly Type ClientMarker = typeof(ElasticsearchClient);

    public static TransportConfigurationDescriptor CreateConfiguration(ElasticsearchExporterOptions options)
    {
        var pool = CreateNodePool(options);
        var settings = new TransportConfigurationDescriptor(
            pool,
            new HttpRequestInvoker((handler, _) => new RequestCompressionHandler(handler)),
            serializer: null,
            new ElasticsearchProductRegistration(ClientMarker));
        if (pool is not CloudNodePool && CreateCredentials(options) is { } credentials) settings.Authentication(credentials);
        settings
            .UserAgent(UserAgent.Create("elasticsearch-net", ClientMarker))
            // The client's gzip is fixed at the Optimal level, too costly on the bulk path: see GzippedBody.
            .EnableHttpCompression(false)
            // One timeout for the whole call, failovers included: a node that did not answer in time is usually busy,
            // and sending the same bulk to the next node would only add load (the next batch tries again).
            .RequestTimeout(options.Timeout)
            .MaxRetryTimeout(options.Timeout)
            .PingTimeout(options.Timeout < TimeSpan.FromSeconds(2) ? options.Timeout : TimeSpan.FromSeconds(2))
            // A failed node is left out of rotation for a while (longer with every further failure) and pinged
            // before it gets requests again. The client's clock is its own, so this runs on real time.
            .DeadTimeout(options.DeadTimeout)
            .MaxDeadTimeout(options.MaxDeadTimeout)
            .ConnectionLimit(64);
        if (options.Sniffing)
        {
            settings.SniffOnStartup().SniffOnConnectionFault().SniffLifeSpan(TimeSpan.FromMinutes(5));
        }

        ServerCertificateTrust.Apply(settings, options.Tls);
        return settings;
    }

    /// <summary>
    /// A cloud pool for <c>cloud_id</c> (one proxy address, nothing to fail over to), a sniffing pool when asked, else a
    /// static pool over <c>endpoints</c>: round-robin over the live ones, a failed one marked dead and retried later.
    /// </summary>
    public static NodePool CreateNodePool(ElasticsearchExporterOptions options)
    {
        if (options.CloudId is { } cloudId) return new CloudNodePool(cloudId, CreateCredentials(options) ?? throw new InvalidOperationException("cloud_id without credentials; validation should have caught this"));
        var nodes = new List<Node>(options.Endpoints.Count);
        foreach (var text in options.Endpoints)
        {
            // A trailing slash keeps a path prefix (https://proxy/es/) when request paths are resolved against it.
            nodes.Add(new Node(new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute)));
        }

        if (nodes.Count == 0) throw new InvalidOperationException("elasticsearch exporter has no endpoint; validation should have caught this");
        return options.Sniffing ? new SniffingNodePool(nodes, randomize: false) : new StaticNodePool(nodes, randomize: false);
    }

    /// <summary>The client's error for a Cloud ID it cannot use, or null when it can.</summary>
    public static string? CloudIdError(string cloudId)
    {
        try
        {
            _ = new CloudNodePool(cloudId, new ApiKey("validation"));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return e.Message;
        }
    }

    private static Elastic.Transport.AuthorizationHeader? CreateCredentials(ElasticsearchExporterOptions options)
    {
        if (options.ApiKey is { } apiKey)
        {
            // Elasticsearch hands out the key encoded; id:api_key is what people copy from the API's answer.
            return new ApiKey(apiKey.Contains(':', StringComparison.Ordinal) ? Convert.ToBase64String(Encoding.UTF8.GetBytes(apiKey)) : apiKey);
        }

        if (options.Username is { } username && options.Password is { } password) return new BasicAuthentication(username, password);
        return options.BearerToken is { } token ? new BearerToken(token) : null;
    }
}
