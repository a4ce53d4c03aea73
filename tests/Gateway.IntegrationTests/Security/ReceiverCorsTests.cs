using System.Net;
using System.Text;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Security;

/// <summary>
/// What a browser SDK meets on the OTLP/HTTP receiver with CORS and auth on: preflights answered without a key,
/// allowed origins (also by wildcard subdomain) get the CORS headers, others get none and their requests are refused.
/// </summary>
public sealed class ReceiverCorsTests
{
    private const string Key = "web-3b9d27c1e8f04a65";

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
                  allowed_origins: [ "https://*.example.com", "http://localhost:3000" ]
                  allowed_headers: [ x-request-id ]
                  max_age: 10m
                  allow_credentials: true
        """ + "\n" + TestGateway.FileExporterYaml;

    private const string BrowserLog = """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"storefront-web"}}]},
          "scopeLogs":[{"logRecords":[{"severityNumber":9,"body":{"stringValue":"checkout clicked"}}]}]}]}
        """;

    [Theory]
    [InlineData("https://shop.example.com")]
    [InlineData("https://eu.shop.example.com")]
    [InlineData("http://localhost:3000")]
    public async Task APreflightFromAnAllowedOriginIsAnsweredWithoutAKey(string origin)
    {
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var client = new HttpClient();

        using var response = await client.SendAsync(Preflight(gateway, origin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(origin, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Single(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        var headers = Single(response, "Access-Control-Allow-Headers").ToLowerInvariant();
        Assert.Contains("authorization", headers, StringComparison.Ordinal);
        Assert.Contains("content-type", headers, StringComparison.Ordinal);
        Assert.Contains("x-request-id", headers, StringComparison.Ordinal);
        Assert.Equal("600", Single(response, "Access-Control-Max-Age"));
        Assert.Equal("true", Single(response, "Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("https://evil.io")]
    [InlineData("https://example.com.evil.io")]
    [InlineData("http://shop.example.com")]
    [InlineData("http://localhost:3001")]
    public async Task APreflightFromAnotherOriginAllowsNothing(string origin)
    {
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var client = new HttpClient();

        using var response = await client.SendAsync(Preflight(gateway, origin));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), $"{origin} must not be allowed");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task AnAllowedOriginsRequestIsProcessedAndItsAnswerIsReadableByThePage()
    {
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var client = new HttpClient();

        using var response = await client.SendAsync(Post(gateway, "https://shop.example.com"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://shop.example.com", Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("Retry-After", Single(response, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        Assert.Equal("checkout clicked", envelope.GetProperty("message").GetString());
        Assert.Equal("acme", envelope.GetProperty("scope").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ARequestFromAnotherOriginIsRefusedEvenWithTheKeyAndNothingOfItIsProcessed()
    {
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var client = new HttpClient();

        using var refused = await client.SendAsync(Post(gateway, "https://evil.io"));
        using var accepted = await client.SendAsync(Post(gateway, "http://localhost:3000"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Contains("allowed_origins", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(await gateway.WaitForEnvelopesAsync(1));
    }

    [Fact]
    public async Task APreflightNeedsNoKeyButTheRequestAfterItDoes()
    {
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var client = new HttpClient();
        using var request = Post(gateway, "https://shop.example.com");
        request.Headers.Remove("Authorization");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // The page may read the 401 to tell its user the key is wrong.
        Assert.Equal("https://shop.example.com", Single(response, "Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(TestGateway gateway, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, gateway.HttpLogsEndpoint);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-request-id");
        return request;
    }

    private static HttpRequestMessage Post(TestGateway gateway, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, gateway.HttpLogsEndpoint) { Content = new StringContent(BrowserLog, Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", origin);
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Key}");
        return request;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : [], v => v.Length > 0);
}
