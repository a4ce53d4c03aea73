using System.Net;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Rpc;
using Gateway.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// Sends one OTLP request and, like the OTel SDKs' exporters, resends the same bytes when throttled: after the
/// <c>Retry-After</c> of a 429, or the <c>RetryInfo</c> delay of a RESOURCE_EXHAUSTED, for as long as it takes.
/// </summary>
internal sealed class OtlpRetryingClient(TestGateway gateway, string protocol)
{
    /// <summary>Returns how many attempts the request took.</summary>
    public Task<int> SendAsync(int records) => protocol == "grpc" ? SendGrpcAsync(records) : SendHttpAsync(records);

    private async Task<int> SendHttpAsync(int records)
    {
        var body = BackpressureEndToEndTests.OneGrpcRecord(records).ToByteArray();
        using var http = new HttpClient();
        for (var attempt = 1; ; attempt++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/x-protobuf");
            using var response = await http.PostAsync(gateway.HttpLogsEndpoint, content);
            if (response.StatusCode == HttpStatusCode.OK) return attempt;
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? throw new InvalidOperationException("a 429 without Retry-After"));
        }
    }

    private async Task<int> SendGrpcAsync(int records)
    {
        var request = BackpressureEndToEndTests.OneGrpcRecord(records);
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var client = new LogsService.LogsServiceClient(channel);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.ExportAsync(request);
                return attempt;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                var details = Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(e.Trailers.GetValueBytes("grpc-status-details-bin"));
                await Task.Delay(details.Details.Single().Unpack<RetryInfo>().RetryDelay.ToTimeSpan());
            }
        }
    }
}
