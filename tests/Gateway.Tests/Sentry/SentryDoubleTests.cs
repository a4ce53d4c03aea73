using System.IO.Compression;
using System.Net;
using System.Text;
using Gateway.Testing.Sentry;

namespace Gateway.Tests.Sentry;

/// <summary>The double refuses what Sentry refuses; a double that took anything would prove nothing.</summary>
public sealed class SentryDoubleTests : IAsyncLifetime
{
    private const string EventId = "0123456789abcdef0123456789abcdef";
    private readonly HttpClient _http = new();
    private SentryDouble _sentry = null!;

    public async Task InitializeAsync() => _sentry = await SentryDouble.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sentry.DisposeAsync();
    }

    [Fact]
    public async Task AWellFormedGzippedEnvelopeIsAcceptedAndItsEventParsed()
    {
        var response = await PostAsync("1", Envelope(), gzip: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(EventId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("boom", Assert.Single(_sentry.Events).Payload.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AnEnvelopeWithoutLengthsIsReadUpToEachNewline()
    {
        var body = $"{{\"event_id\":\"{EventId}\"}}\n{{\"type\":\"event\"}}\n{{\"event_id\":\"{EventId}\",\"message\":\"boom\"}}\n";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync("1", body, gzip: false)).StatusCode);
    }

    [Theory]
    [InlineData("wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task AKeyThatIsNotTheProjectsIsRefused(string? key, HttpStatusCode expected)
    {
        _sentry.Dsn("1");

        var response = await PostAsync("1", Envelope(), gzip: true, key: key ?? string.Empty, auth: key is not null);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(_sentry.Events);
    }

    [Fact]
    public async Task AnUnknownProjectIsRefused()
    {
        var response = await PostAsync("77", Envelope(), gzip: true, key: KeyOf(_sentry.Dsn("1")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("not json\n{\"type\":\"event\"}\n{}\n", "envelope header")]
    [InlineData("{\"event_id\":\"xyz\"}\n", "invalid event_id")]
    [InlineData("{}\n{\"length\":2}\n{}\n", "'type'")]
    [InlineData("{}\n{\"type\":\"event\",\"length\":500}\n{}\n", "shorter than its length")]
    [InlineData("{}\n{\"type\":\"event\"}\n{\"event_id\":\"12\"}\n", "invalid event_id")]
    public async Task AMalformedEnvelopeIsRefusedWith400AndADetail(string body, string detail)
    {
        var response = await PostAsync("1", body, gzip: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventOverOneMebibyteIsRefusedWith413()
    {
        var message = new string('a', SentryDouble.MaxEventBytes);
        var response = await PostAsync("1", Envelope(message), gzip: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownContentEncodingIsRefusedWith415()
    {
        using var request = Request("1", Encoding.UTF8.GetBytes(Envelope()), KeyOf(_sentry.Dsn("1")), auth: true);
        request.Content!.Headers.ContentEncoding.Add("compress");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task AScripted429CarriesRetryAfterAndRateLimitsThenSentryAcceptsAgain()
    {
        _sentry.RespondWith429(TimeSpan.FromSeconds(42));

        var limited = await PostAsync("1", Envelope(), gzip: true);
        var accepted = await PostAsync("1", Envelope(), gzip: true);

        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(42), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("42:error:key", limited.Headers.GetValues("X-Sentry-Rate-Limits").Single());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private static string Envelope(string message = "boom") =>
        $"{{\"event_id\":\"{EventId}\"}}\n{{\"type\":\"event\",\"length\":{Encoding.UTF8.GetByteCount($"{{\"event_id\":\"{EventId}\",\"message\":\"{message}\"}}")}}}\n{{\"event_id\":\"{EventId}\",\"message\":\"{message}\"}}\n";

    private static string KeyOf(string dsn) => new Uri(dsn).UserInfo;

    private Task<HttpResponseMessage> PostAsync(string project, string body, bool gzip, string? key = null, bool auth = true)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        if (gzip)
        {
            using var output = new MemoryStream();
            using (var zip = new GZipStream(output, CompressionLevel.Fastest)) zip.Write(bytes);
            bytes = output.ToArray();
        }

        var request = Request(project, bytes, key ?? KeyOf(_sentry.Dsn(project)), auth);
        if (gzip) request.Content!.Headers.ContentEncoding.Add("gzip");
        return _http.SendAsync(request);
    }

    private HttpRequestMessage Request(string project, byte[] body, string key, bool auth)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_sentry.Address, $"api/{project}/envelope/")) { Content = new ByteArrayContent(body) };
        if (auth) request.Headers.TryAddWithoutValidation("X-Sentry-Auth", $"Sentry sentry_version=7, sentry_client=test/1.0, sentry_key={key}");
        return request;
    }
}
