using Gateway.Matching;
using System.Net.Http.Headers;
using Gateway.Exporters.Sentry;
using Gateway.Exporters.Sentry.Transport;
using Gateway.Testing;

namespace Gateway.Tests.Sentry;

public sealed class SentryTransportPiecesTests
{
    [Theory]
    [InlineData("60:error;transaction:key, 2700:default:organization", 60)]
    [InlineData("120::organization", 120)]
    [InlineData("30:transaction:key, 90:error:project:quota_exceeded", 90)]
    [InlineData("2.5:error:key", 3)]
    public void RateLimitGroupsForErrorsOrAllCategoriesApply(string header, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), SentryRateLimitHeaders.ParseForCategory(header, SentryRateLimitHeaders.ErrorCategory));
    }

    [Fact]
    public void ARateLimitForOtherCategoriesLeavesErrorsAloneUnlessTheAnswerWas429()
    {
        var headers = new HttpResponseMessage().Headers;
        headers.TryAddWithoutValidation(SentryRateLimitHeaders.Header, "60:transaction:key");

        Assert.Null(SentryRateLimitHeaders.ErrorDelay(headers, 200, DateTimeOffset.UnixEpoch));
        Assert.Equal(SentryRateLimitHeaders.DefaultDelay, SentryRateLimitHeaders.ErrorDelay(headers, 429, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RetryAfterAsAnHttpDateCountsFromNow()
    {
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var headers = new HttpResponseMessage().Headers;
        headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(45));

        Assert.Equal(TimeSpan.FromSeconds(45), SentryRateLimitHeaders.ErrorDelay(headers, 429, now));
    }

    [Theory]
    [InlineData("https://abc@o1.ingest.sentry.io/4501", "https://o1.ingest.sentry.io/api/4501/envelope/", "abc", "4501")]
    [InlineData("https://abc:legacysecret@sentry.example.com/sentry/7", "https://sentry.example.com/sentry/api/7/envelope/", "abc", "7")]
    [InlineData("http://k@127.0.0.1:9000/3", "http://127.0.0.1:9000/api/3/envelope/", "k", "3")]
    public void ADsnGivesTheEnvelopeEndpointAndKey(string text, string endpoint, string key, string project)
    {
        Assert.True(SentryDsn.TryParse(text, out var dsn, out _));
        Assert.Equal(endpoint, dsn.EnvelopeUri.ToString());
        Assert.Equal((key, project), (dsn.PublicKey, dsn.ProjectId));
        Assert.StartsWith($"Sentry sentry_version=7, sentry_client=telemetry-gateway.sentry/", dsn.AuthHeader, StringComparison.Ordinal);
        Assert.EndsWith($"sentry_key={key}", dsn.AuthHeader, StringComparison.Ordinal);
        Assert.DoesNotContain(key, dsn.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payments-*", "payments-api", true)]
    [InlineData("payments-*", "payments-", true)]
    [InlineData("payments-*", "payment", false)]
    [InlineData("*-worker", "mail-worker", true)]
    [InlineData("svc-?", "svc-1", true)]
    [InlineData("svc-?", "svc-12", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    public void ServiceGlobsMatchStarAndQuestionMark(string pattern, string service, bool matches)
    {
        Assert.Equal(matches, GlobPattern.Compile(pattern).IsMatch(service));
    }

    [Fact]
    public void TheChatExporterLinksToTheEventByTheEnvelopeId()
    {
        var envelope = Some.Envelope();

        Assert.Equal(envelope.IdHex, SentryLinks.EventId(envelope));
        Assert.Equal($"https://acme.sentry.io/issues/?query={envelope.IdHex}", SentryLinks.EventUrl("https://acme.sentry.io/", envelope));
        Assert.Throws<ArgumentException>(() => SentryLinks.EventUrl("acme", envelope));
    }
}
