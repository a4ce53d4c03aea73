using System.Collections.Concurrent;
using System.Net;
using Gateway.Testing.Otlp;
using Google.Protobuf;

namespace Gateway.IntegrationTests.Durability;

/// <summary>
/// A steady OTLP/HTTP (protobuf) load whose every record has its own body (<c>{prefix}-{request}-{record}</c>), so its
/// envelope id, and its Elasticsearch _id, is its own. Counts, client-side, the records of every request answered 200:
/// exactly what the gateway promised to keep.
/// </summary>
internal sealed class OtlpLoad(string prefix, int recordsPerRequest) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new(StringComparer.Ordinal);
    private int _requests;

    /// <summary>The last answer other than 200: its status, Retry-After and body (a google.rpc.Status in protobuf).</summary>
    public (HttpStatusCode Status, TimeSpan? RetryAfter, byte[] Body)? LastRefusal { get; private set; }

    /// <summary>Bodies of the records whose request was answered 200.</summary>
    public IReadOnlyCollection<string> Acknowledged => _acknowledged.Keys.ToList();

    public int AcknowledgedRequests => _acknowledged.Count / recordsPerRequest;

    /// <summary>Sends the next request; returns its status, or null when the connection failed (the gateway is gone).</summary>
    public async Task<HttpStatusCode?> SendAsync(Uri logsEndpoint, CancellationToken cancellationToken = default)
    {
        var request = Interlocked.Increment(ref _requests);
        var bodies = new string[recordsPerRequest];
        var records = new List<Gateway.Otlp.Proto.Logs.V1.LogRecord>(recordsPerRequest);
        for (var i = 0; i < recordsPerRequest; i++)
        {
            bodies[i] = $"{prefix}-{request}-{i}";
            records.Add(OtlpRequests.Record(bodies[i]));
        }

        using var content = new ByteArrayContent(OtlpRequests.Logs(records).ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(logsEndpoint, content, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.OK)
            {
                foreach (var body in bodies) _acknowledged.TryAdd(body, 0);
            }
            else
            {
                LastRefusal = (response.StatusCode, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsByteArrayAsync(cancellationToken));
            }

            return response.StatusCode;
        }
    }

    public void Dispose() => _http.Dispose();
}
