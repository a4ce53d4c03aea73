using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Gateway.Exporters.Chat.Delivery;

/// <summary>
/// What differs between Slack, Discord, Teams and a generic webhook: the payload's shape and limits, the request, and
/// how success, refusal and rate limits are answered. Everything else (volume control, one post in flight, outcomes)
/// is the shared <see cref="ChatExporter"/>.
/// </summary>
public abstract class ChatPlatform
{
    /// <summary>Longest platform error text kept for logs and dead letters.</summary>
    protected const int MaxReasonLength = 1000;

    public abstract string Name { get; }

    public virtual Uri RequestUri(Uri webhook) => webhook;

    /// <summary>Writes the complete JSON payload, within every limit of the platform.</summary>
    public abstract void WritePayload(ChatContent content, ArrayBufferWriter<byte> buffer);

    public virtual void AddHeaders(HttpRequestHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
    }

    public PostOutcome Interpret(HttpResponseMessage response, string body, DateTimeOffset now)
    {
        var status = response.StatusCode;
        if (status == HttpStatusCode.TooManyRequests) return new PostOutcome(PostStatus.Throttled, Shorten(body), RetryAfter(response, body, now) ?? TimeSpan.FromSeconds(1));
        if ((int)status is >= 200 and < 300)
        {
            return IsDelivered(status, body)
                ? PostOutcome.Delivered(PauseAfterSuccess(response))
                : new PostOutcome(PostStatus.Rejected, Shorten(body));
        }

        if (status == HttpStatusCode.RequestTimeout || (int)status >= 500) return new PostOutcome(PostStatus.Failed, $"{(int)status} {Shorten(body)}", RetryAfter(response, body, now));
        return new PostOutcome(PostStatus.Rejected, $"{(int)status} {ErrorText(body)}");
    }

    /// <summary>Whether a 2xx answer means the message was taken (Slack answers 200 with an error text in some cases).</summary>
    protected virtual bool IsDelivered(HttpStatusCode status, string body) => true;

    /// <summary>The platform's explanation of a refusal, for logs and the item failure.</summary>
    protected virtual string ErrorText(string body) => Shorten(body);

    /// <summary>The delay a 429 (or 503) asks for: the Retry-After header by default, as seconds or as a date.</summary>
    protected virtual TimeSpan? RetryAfter(HttpResponseMessage response, string body, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    /// <summary>A wait the platform announces on a successful answer (Discord: its bucket is empty).</summary>
    protected virtual TimeSpan? PauseAfterSuccess(HttpResponseMessage response) => null;

    protected static string Shorten(string text) => text.Length <= MaxReasonLength ? text : text[..MaxReasonLength];
}
