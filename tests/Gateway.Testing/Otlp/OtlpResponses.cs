using System.Text;
using System.Text.Json;

namespace Gateway.Testing.Otlp;

/// <summary>Reads OTLP/HTTP answers as a client sees them.</summary>
public static class OtlpResponses
{
    /// <summary>The error text: the google.rpc.Status message for OTLP encodings, the body itself for plain text.</summary>
    public static async Task<string> ErrorMessageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return response.Content.Headers.ContentType?.MediaType switch
        {
            "application/x-protobuf" => Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(body).Message,
            "application/json" => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!,
            _ => Encoding.UTF8.GetString(body),
        };
    }
}
