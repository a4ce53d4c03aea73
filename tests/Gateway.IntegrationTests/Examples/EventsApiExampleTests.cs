using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Examples;

/// <summary>examples/events-api does what its README says against its gateway.yaml: send.sh's posts and the browser page's request.</summary>
[Collection(Events.EventsCollection.Name)]
public sealed partial class EventsApiExampleTests
{
    private const string Config = "examples/events-api/gateway.yaml";

    /// <summary>Where the README serves the page from (<c>python3 -m http.server 8080</c>), the origin its gateway.yaml allows.</summary>
    private const string PageOrigin = "http://localhost:8080";

    [Fact]
    public async Task SendShPostsEachShapeAndEveryEventIsAcceptedAndWritten()
    {
        await using var gateway = await ShippedGateway.StartAsync(Config);

        var (exitCode, output) = await ChildProcess.RunAsync("bash", RepositoryFiles.Root, ["examples/events-api/send.sh"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["GATEWAY_HTTP"] = ShippedGateway.Endpoint(gateway.HttpEndpoint) });

        Assert.True(exitCode == 0, output);
        Assert.Equal(7, Regex.Count(output, @"^HTTP/1\.1 200 OK", RegexOptions.Multiline));
        Assert.Equal(["1", "1", "2", "1", "2", "1", "2"], Answers().Matches(output).Select(m => m.Groups[1].Value));
        var envelopes = await gateway.WaitForEnvelopesAsync(10);
        Assert.Equal(
            ["button.clicked", "nightly export started", "page-view", "page.viewed", "payment failed", "payment.failed", "product-in-basket", "purchase_completed", "signup.completed", "subscription.upgraded"],
            envelopes.Select(e => e.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("error", Events.EventsApi.Named(envelopes, "payment.failed").GetProperty("level").GetString());
        var gzipped = Events.EventsApi.Named(envelopes, "nightly export started");
        Assert.Equal("export_2026_03_14", gzipped.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task TheBrowserPagesRequestPassesItsCorsPreflightAndItsEventIsAccepted()
    {
        await using var gateway = await ShippedGateway.StartAsync(Config);
        var page = await File.ReadAllTextAsync(RepositoryFiles.PathOf("examples/events-api/index.html"));
        var script = Script().Match(page).Groups[1].Value;
        Assert.Contains("method: \"POST\"", script, StringComparison.Ordinal);
        Assert.Contains("\"Content-Type\": \"application/json\"", script, StringComparison.Ordinal);
        Assert.Contains("\"Authorization\": \"Bearer \" + document.getElementById(\"key\").value", script, StringComparison.Ordinal);
        var endpoint = new Uri(Input(page, "endpoint"));
        Assert.Equal("/v1/events", endpoint.AbsolutePath);
        var target = new Uri(gateway.HttpEndpoint, endpoint.AbsolutePath);
        var key = Input(page, "key");
        // What the page's script sends: its event, with the time it adds.
        var sentAt = DateTimeOffset.UtcNow;
        var body = JsonNode.Parse(EventJson().Match(page).Groups[1].Value)!.AsObject();
        body["timestamp"] = sentAt.ToUnixTimeMilliseconds();
        using var http = new HttpClient();

        using var preflight = new HttpRequestMessage(HttpMethod.Options, target);
        preflight.Headers.Add("Origin", PageOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var allowed = await http.SendAsync(preflight);
        using var post = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        post.Headers.Add("Origin", PageOrigin);
        post.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        using var sent = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(PageOrigin, Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains("authorization", Header(allowed, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("content-type", Header(allowed, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(PageOrigin, Header(sent, "Access-Control-Allow-Origin"));
        Assert.Equal("""{"accepted":1,"rejected":0,"errors":[]}""", await sent.Content.ReadAsStringAsync());
        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        Assert.Equal("checkout.clicked", envelope.GetProperty("name").GetString());
        Assert.Equal("Checkout button clicked", envelope.GetProperty("title").GetString());
        Assert.Equal("browser-session-1", envelope.GetProperty("sessionId").GetString());
        Assert.Equal(3, envelope.GetProperty("body").GetProperty("items").GetInt32());
        Assert.Equal(sentAt.ToUnixTimeMilliseconds(), DateTimeOffset.Parse(envelope.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
    }

    private static string Input(string page, string id) => Regex.Match(page, $"<input id=\"{id}\"[^>]* value=\"([^\"]*)\"").Groups[1].Value is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"index.html has no input {id} with a value");

    private static string Header(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : [], v => v.Length > 0);

    [GeneratedRegex(@"^\{""accepted"":(\d+),""rejected"":0,""errors"":\[\]\}$", RegexOptions.Multiline)]
    private static partial Regex Answers();

    [GeneratedRegex(@"<script type=""application/json"" id=""event"">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex EventJson();

    [GeneratedRegex(@"<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex Script();
}
