using System.Net.Http.Headers;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Exporters.Elasticsearch.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// Sends requests to the cluster: authentication, a per-request timeout on the injected clock, and failover. Requests
/// stick to the endpoint that last worked; on a connection error the next endpoint is tried, each at most once per
/// request, so a dead node costs one failed connect and not one per batch.
/// </summary>
public sealed class ElasticsearchTransport : IDisposable
{
    private readonly HttpMessageInvoker _client;
    private readonly Uri[] _endpoints;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _exporter;
    private int _current;

    public ElasticsearchTransport(ElasticsearchExporterOptions options, HttpMessageHandler handler, TimeProvider time, ILogger logger, string exporter)
    {
        _client = new HttpMessageInvoker(handler, disposeHandler: true);
        _endpoints = ResolveEndpoints(options);
        _authorization = AuthorizationHeader.Create(options.ApiKey, options.Username, options.Password, options.BearerToken);
        _timeout = options.Timeout;
        _time = time;
        _logger = logger;
        _exporter = exporter;
    }

    public IReadOnlyList<Uri> Endpoints => _endpoints;

    public TimeProvider Time => _time;

    /// <summary>Sends one request; <paramref name="content"/> makes a fresh body for each endpoint tried.</summary>
    /// <exception cref="ElasticsearchUnavailableException">No endpoint answered.</exception>
    public async Task<ElasticsearchResponse> SendAsync(HttpMethod method, string path, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        var start = Volatile.Read(ref _current);
        string? lastReason = null;
        Exception? lastError = null;
        for (var attempt = 0; attempt < _endpoints.Length; attempt++)
        {
            var index = (start + attempt) % _endpoints.Length;
            var endpoint = _endpoints[index];
            using var request = new HttpRequestMessage(method, new Uri(endpoint, path)) { Content = content() };
            request.Headers.Authorization = _authorization;
            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var response = await _client.SendAsync(request, linked.Token);
                var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
                if (index != start) Interlocked.CompareExchange(ref _current, index, start);
                return new ElasticsearchResponse((int)response.StatusCode, body, response.Headers.RetryAfter, endpoint);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // A slow cluster is usually a busy one: sending the same bulk to another node would only add load.
                throw new ElasticsearchUnavailableException($"no answer from {endpoint} within {_timeout.TotalSeconds:0.###}s (timeout)");
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                lastError = e;
                lastReason = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
                if (_endpoints.Length > 1)
                {
                    ElasticsearchLog.EndpointFailed(_logger, _exporter, endpoint.ToString(), lastReason, _endpoints[(index + 1) % _endpoints.Length].ToString());
                }
            }
        }

        Interlocked.CompareExchange(ref _current, (start + 1) % _endpoints.Length, start);
        var tried = _endpoints.Length == 1 ? _endpoints[0].ToString() : $"all {_endpoints.Length} endpoints";
        throw new ElasticsearchUnavailableException($"cannot reach {tried}: {lastReason}", lastError);
    }

    public void Dispose() => _client.Dispose();

    private static Uri[] ResolveEndpoints(ElasticsearchExporterOptions options)
    {
        var endpoints = new List<Uri>();
        if (options.CloudId is not null && CloudId.TryParse(options.CloudId, out var cloud, out _)) endpoints.Add(cloud!);
        foreach (var text in options.Endpoints)
        {
            // A trailing slash keeps a path prefix (https://proxy/es/) when request paths are resolved against it.
            endpoints.Add(new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute));
        }

        if (endpoints.Count == 0) throw new InvalidOperationException("elasticsearch exporter has no endpoint; validation should have caught this");
        return [.. endpoints];
    }
}
