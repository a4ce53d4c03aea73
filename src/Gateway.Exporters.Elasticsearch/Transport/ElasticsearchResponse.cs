using System.Net.Http.Headers;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// An answer read whole: status, body, the server's Retry-After and whether it said it is Elasticsearch
/// (<c>X-Elastic-Product</c>, the client's product check).
/// </summary>
public sealed record ElasticsearchResponse(int Status, byte[] Body, RetryConditionHeaderValue? RetryAfter, Uri Endpoint, bool IsElasticsearch = true)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public ElasticsearchError Error => ElasticsearchError.Parse(Body, Status);

    /// <summary>The delay the server asked for, as a duration from now.</summary>
    public TimeSpan? RetryDelay(TimeProvider time)
    {
        if (RetryAfter?.Delta is { } delta) return delta;
        if (RetryAfter?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
