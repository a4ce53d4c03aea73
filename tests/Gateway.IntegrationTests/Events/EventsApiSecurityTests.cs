using System.Net;
using System.Text;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;

namespace Gateway.IntegrationTests.Events;

/// <summary>/v1/events sits behind the same door as /v1/logs: the API key (and its scope), and CORS for browser pages.</summary>
[Collection(EventsCollection.Name)]
public sealed class EventsApiSecurityTests
{
    private const string Key = "web-3b9d27c1e8f04a65";
    private const string Origin = "https://shop.example.com";

    private const string Yaml = """
        receivers:
          otlp:
            auth:
              keys:
                - key: web-3b9d27c1e8f04a65
                  scope: { type: tenant, id: acme }
            protocols:
              http:
                endpoint: 127.0.0.1:0
                cors:
                  allowed_origins: [ "https://*.example.com" ]
        """ + "\n" + TestGateway.FileExporterYaml;

    private const string Event = """{"name": "checkout.clicked", "properties": {"cart": 3}, "tags": {"page": "cart"}}""";

    private static readonly HttpClient Http = new();

    [Fact]
    public async Task WithoutTheKeyEventsAreRefusedWith401AndWithItTheKeysScopeIsStamped()
    {
        using var metrics = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(Yaml);

        using var refused = await Http.SendAsync(Post(gateway, origin: null, key: null));
        using var wrongKey = await Http.SendAsync(Post(gateway, origin: null, key: "not-the-key-0123456789"));
        using var accepted = await Http.SendAsync(Post(gateway, origin: null, key: Key));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Authorization: Bearer <key>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        Assert.Equal("tenant", envelope.GetProperty("scope").GetProperty("type").GetString());
        Assert.Equal("acme", envelope.GetProperty("scope").GetProperty("id").GetString());
        Assert.True(metrics.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "unauthenticated") >= 2);
    }

    [Fact]
    public async Task ABrowsersPreflightIsAnsweredWithoutAKeyAndItsRequestIsAcceptedAndReadable()
    {
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, EventsApi.Endpoint(gateway));
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var allowed = await Http.SendAsync(preflight);
        using var posted = await Http.SendAsync(Post(gateway, Origin, Key));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(Origin, Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(allowed, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        var headers = Header(allowed, "Access-Control-Allow-Headers").ToLowerInvariant();
        Assert.Contains("authorization", headers, StringComparison.Ordinal);
        Assert.Contains("content-type", headers, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(Origin, Header(posted, "Access-Control-Allow-Origin"));
        Assert.Equal(1, (await EventsApi.AnswerAsync(posted)).GetProperty("accepted").GetInt32());
        Assert.Equal("cart", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("tags").GetProperty("page").GetString());
    }

    [Fact]
    public async Task AnEventFromAnotherOriginIsRefusedEvenWithTheKeyAndNothingOfItIsKept()
    {
        await using var gateway = await TestGateway.StartAsync(Yaml);

        using var refused = await Http.SendAsync(Post(gateway, "https://evil.io", Key));
        using var accepted = await Http.SendAsync(Post(gateway, Origin, Key));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(await gateway.WaitForEnvelopesAsync(1));
    }

    private static HttpRequestMessage Post(TestGateway gateway, string? origin, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, EventsApi.Endpoint(gateway)) { Content = new StringContent(Event, Encoding.UTF8, "application/json") };
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (key is not null) request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {key}");
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : [], v => v.Length > 0);
}
