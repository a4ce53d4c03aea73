using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Events;

/// <summary>Posting to the events API of a test gateway, and the example payloads of examples/events-api/.</summary>
internal static class EventsApi
{
    public const string Ndjson = "application/x-ndjson";

    public static Uri Endpoint(TestGateway gateway, string query = "") => new(gateway.HttpEndpoint, "v1/events" + query);

    /// <summary>examples/events-api/<paramref name="file"/>: the layout a product documents.</summary>
    public static string Example(string file) => File.ReadAllText(RepositoryFiles.PathOf($"examples/events-api/{file}"));

    public static async Task<(HttpStatusCode Status, JsonElement Answer)> PostAsync(HttpClient http, TestGateway gateway, string body, string contentType = "application/json", string query = "")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.PostAsync(Endpoint(gateway, query), content);
        return (response.StatusCode, await AnswerAsync(response));
    }

    public static async Task<JsonElement> AnswerAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"answered {response.Content.Headers.ContentType}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The answer's errors as (index, reason) pairs.</summary>
    public static IReadOnlyList<(int Index, string Reason)> Errors(JsonElement answer) =>
        [.. answer.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("reason").GetString()!))];

    public static JsonElement Named(IReadOnlyList<JsonElement> envelopes, string name) => Assert.Single(envelopes, e => e.GetProperty("name").GetString() == name);
}
