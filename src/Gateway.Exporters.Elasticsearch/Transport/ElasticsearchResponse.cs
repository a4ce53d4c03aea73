using System.Net.Http.Headers;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>A response read whole within the request's timeout: status, body and the server's Retry-After, if any.</summary>
public sealed record ElasticsearchResponse(int Status, byte[] Body, RetryConditionHeaderValue? RetryAfter, Uri Endpoint)
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
