using System.Net.Http.Headers;
using Elastic.Transport;
using Elastic.Transport.Diagnostics.Auditing;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Exporters.Elasticsearch.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// The exporter's connection to the cluster: the official client's transport (node pool, dead-node back-off, sniffing,
/// pings, credentials, TLS, timeout) plus what the gateway needs on top of it: prebuilt request bodies sent as they are,
/// the product check, Retry-After, one log line per node taken out of rotation, and an exception that says why no node
/// answered.
/// </summary>
public sealed class ElasticsearchTransport : IDisposable
{
    private const string ProductHeader = "X-Elastic-Product";
    private static readonly HeadersList ParsedHeaders = new(["Retry-After", ProductHeader]);
    private static readonly byte[] RefusedCredentialsBody =
        """{"error":{"type":"security_exception","reason":"the cluster answered 401 to the client's ping (HEAD /): it does not accept these credentials"},"status":401}"""u8.ToArray();
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly string _exporter;
    private readonly int _nodeCount;
    private readonly TransportConfigurationDescriptor _configuration;
    private readonly DistributedTransport _transport;

    public ElasticsearchTransport(ElasticsearchExporterOptions options, TimeProvider time, ILogger logger, string exporter)
    {
        _configuration = ElasticsearchTransportFactory.CreateConfiguration(options);
        _transport = new DistributedTransport(_configuration);
        Time = time;
        _timeout = options.Timeout;
        _logger = logger;
        _exporter = exporter;
        _nodeCount = ((ITransportConfiguration)_configuration).NodePool.Nodes.Count;
    }

    public TimeProvider Time { get; }

    /// <summary>
    /// Request settings for the <c>_bulk</c> NDJSON the gateway built itself; <paramref name="gzipped"/> when it is sent as
    /// <see cref="GzippedBody"/>.
    /// </summary>
    public static RequestConfiguration NdJsonRequest(bool gzipped) => new()
    {
        ContentType = "application/x-ndjson",
        ResponseHeadersToParse = ParsedHeaders,
        Headers = gzipped ? GzippedBody.MarkerHeaders() : null,
    };

    /// <summary>
    /// Request settings for a JSON body the gateway wrote (set-up, queries): sent as the client's versioned JSON media
    /// type (<c>compatible-with=9</c>), with its own time limit when given.
    /// </summary>
    public static RequestConfiguration JsonRequest(TimeSpan? timeout = null) => new()
    {
        RequestTimeout = timeout,
        MaxRetryTimeout = timeout,
        ResponseHeadersToParse = ParsedHeaders,
    };

    /// <summary>Sends one request through the client's node pool; the body is sent as it is.</summary>
    /// <exception cref="ElasticsearchUnavailableException">No node answered.</exception>
    public async Task<ElasticsearchResponse> SendAsync(Elastic.Transport.HttpMethod method, string path, PostData? body, RequestConfiguration configuration, CancellationToken cancellationToken)
    {
        var response = await _transport.RequestAsync<BytesResponse>(new EndpointPath(method, path), body, null, configuration, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var details = response.ApiCallDetails;
        ReportFailedNodes(details);
        if (details.HttpStatusCode is not { } status)
        {
            if (!RefusedCredentials(details)) throw Unavailable(details);
            return new ElasticsearchResponse(401, RefusedCredentialsBody, null, details.Uri ?? new Uri("http://unknown/"));
        }

        RetryConditionHeaderValue? retryAfter = null;
        if (details.TryGetHeader("Retry-After", out var retry) && !RetryConditionHeaderValue.TryParse(retry.FirstOrDefault(), out retryAfter)) retryAfter = null;
        var isElasticsearch = details.TryGetHeader(ProductHeader, out var product) && product.Contains("Elasticsearch", StringComparer.Ordinal);
        return new ElasticsearchResponse(status, response.Body ?? [], retryAfter, details.Uri ?? new Uri("http://unknown/"), isElasticsearch);
    }

    /// <summary>
    /// Logs every node the client took out of rotation during a call (a connection error, a 502/503/504 or a failed
    /// ping): the client marks it dead and fails over silently, and an operator should see that a node is down.
    /// </summary>
    private void ReportFailedNodes(ApiCallDetails details)
    {
        if (_nodeCount < 2 || details.AuditTrail is not { Count: > 1 } trail) return;
        foreach (var audit in trail)
        {
            if (audit.Event is not (AuditEvent.BadRequest or AuditEvent.BadResponse or AuditEvent.PingFailure) || audit.Node is null) continue;
            var reason = audit.Exception is { } e ? Describe(e) : "HTTP error";
            var next = details.HttpStatusCode is not null && details.Uri is { } answered ? answered.GetLeftPart(UriPartial.Authority) : "the next endpoint";
            ElasticsearchLog.EndpointFailed(_logger, _exporter, audit.Node.Uri.ToString(), reason, next);
        }
    }

    /// <summary>
    /// The client pings a node (<c>HEAD /</c>) before its first request and after a failure; when the cluster refuses the
    /// credentials there, the client reports a failed ping and drops the 401. It is still a refusal, not an outage.
    /// </summary>
    private static bool RefusedCredentials(ApiCallDetails details)
    {
        if (details.AuditTrail is null) return false;
        foreach (var audit in details.AuditTrail)
        {
            for (var e = audit.Exception; e is not null; e = e.InnerException)
            {
                if (e is PipelineException { FailureReason: PipelineFailure.BadAuthentication }) return true;
            }
        }

        return false;
    }

    /// <summary>Why no node answered: a timeout (said as such), a refused or dropped connection, a TLS failure.</summary>
    private ElasticsearchUnavailableException Unavailable(ApiCallDetails details)
    {
        var cause = details.OriginalException;
        var node = details.Uri?.GetLeftPart(UriPartial.Authority) ?? "the cluster";
        if (IsTimeout(cause)) return new ElasticsearchUnavailableException($"no answer from {node} within {_timeout.TotalSeconds:0.###}s (timeout)", cause);
        var tried = _nodeCount == 1 ? node : $"all {_nodeCount} endpoints";
        return new ElasticsearchUnavailableException($"cannot reach {tried}: {(cause is null ? "no answer" : Describe(cause))}", cause);
    }

    public void Dispose() => ((IDisposable)_configuration).Dispose();

    private static bool IsTimeout(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or TaskCanceledException) return true;
        }

        return false;
    }

    /// <summary>The innermost transport-level message: the client wraps the socket or TLS error in its own exceptions.</summary>
    private static string Describe(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException http)
            {
                return http.InnerException is { } inner ? $"{http.Message} ({inner.Message})" : http.Message;
            }

            if (current is IOException io) return io.Message;
        }

        return e.Message;
    }
}
