using System.Net;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Otlp;
using Google.Protobuf;

namespace Gateway.IntegrationTests.Operations;

/// <summary>Posts OTLP/HTTP protobuf log requests, as an SDK exporter does, and says whether the gateway acknowledged them.</summary>
internal static class OtlpHttpPost
{
    public static async Task<HttpStatusCode> SendAsync(HttpClient http, TestGateway gateway, params LogRecord[] records)
    {
        using var content = new ByteArrayContent(OtlpRequests.Logs(records).ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var response = await http.PostAsync(gateway.HttpLogsEndpoint, content);
        return response.StatusCode;
    }

    /// <summary>An info record whose body is <paramref name="body"/>, so a test can find each one at the other end.</summary>
    public static LogRecord Record(string body, SeverityNumber severity = SeverityNumber.Info)
    {
        var record = OtlpRequests.Record(body);
        record.SeverityNumber = severity;
        record.SeverityText = severity.ToString();
        return record;
    }
}
