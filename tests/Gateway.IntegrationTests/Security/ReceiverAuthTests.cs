using System.Net;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Otlp;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Security;

/// <summary>
/// API keys on both receivers: the real OTel SDK sends with its key, the key's tenant is stamped on every event and
/// routes by it, and a request without a valid key is refused before anything of it is processed.
/// </summary>
public sealed class ReceiverAuthTests : IDisposable
{
    private const string AcmeKey = "acme-5f0c1d9e2b7a4c36";
    private const string GlobexKey = "globex-8e21f4a7c90b5d13";

    /// <summary>A record that claims another tenant than the key's.</summary>
    private static readonly Action<ILogger, string, Exception?> OrderPlaced = LoggerMessage.Define<string>(LogLevel.Information, new EventId(1, "order.placed"), "Order placed for {tenant.id}");

    private readonly string _secrets = Path.Combine(Path.GetTempPath(), "gateway-keys-" + Guid.NewGuid().ToString("N"));

    public ReceiverAuthTests()
    {
        Directory.CreateDirectory(_secrets);
        // A mounted secret usually ends with a newline; it is not part of the key.
        File.WriteAllText(Path.Combine(_secrets, "globex"), GlobexKey + "\n");
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task AnSdkSendingItsKeyIsAcceptedAndItsEventsCarryTheKeysTenantWhateverTheRecordSays(OtlpExportProtocol protocol)
    {
        await using var gateway = await StartAsync();
        var endpoint = protocol == OtlpExportProtocol.Grpc ? gateway.GrpcEndpoint : gateway.HttpEndpoint;
        using (var client = OtelLogClient.Create(endpoint, protocol, configure: o => o.Headers = $"Authorization=Bearer {AcmeKey}"))
        {
            OrderPlaced(client.CreateLogger("Shop.Checkout"), "globex", null);
            Assert.True(client.Flush(), "the SDK could not export to the gateway");
        }

        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1, "acme.ndjson"));
        Assert.Equal("tenant", envelope.GetProperty("scope").GetProperty("type").GetString());
        Assert.Equal("acme", envelope.GetProperty("scope").GetProperty("id").GetString());
        Assert.Empty(await gateway.ReadEnvelopesAsync("globex.ndjson"));
    }

    [Fact]
    public async Task AKeyReadFromAFileAuthenticatesAsItsOwnTenant()
    {
        await using var gateway = await StartAsync();
        using var client = new HttpClient();

        using var response = await client.SendAsync(Post(gateway, Record("from globex"), $"Bearer {GlobexKey}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1, "globex.ndjson"));
        Assert.Equal("globex", envelope.GetProperty("scope").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer acme-5f0c1d9e2b7a4c37")]
    [InlineData("Basic YWNtZTpwYXNzd29yZA==")]
    public async Task AnHttpRequestWithoutAValidKeyGets401AndNothingOfItIsProcessed(string? authorization)
    {
        await using var gateway = await StartAsync();
        using var client = new HttpClient();

        using var refused = await client.SendAsync(Post(gateway, Record("must not arrive"), authorization));
        using var accepted = await client.SendAsync(Post(gateway, Record("arrives"), $"Bearer {AcmeKey}"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("missing or invalid API key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        // The file keeps arrival order: had the refused request been processed, its event would be there too.
        Assert.Equal("arrives", Assert.Single(await gateway.WaitForEnvelopesAsync(1, "acme.ndjson")).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-configured-key-at-all")]
    public async Task AGrpcCallWithoutAValidKeyGetsUnauthenticatedAndNothingOfItIsProcessed(string? authorization)
    {
        await using var gateway = await StartAsync();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var client = new LogsService.LogsServiceClient(channel);
        var headers = new Metadata();
        if (authorization is not null) headers.Add("authorization", authorization);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.ExportAsync(Logs(Record("must not arrive")), headers));
        await client.ExportAsync(Logs(Record("arrives")), new Metadata { { "authorization", $"Bearer {AcmeKey}" } });

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("missing or invalid API key", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("arrives", Assert.Single(await gateway.WaitForEnvelopesAsync(1, "acme.ndjson")).GetProperty("message").GetString());
    }

    public void Dispose() => Directory.Delete(_secrets, recursive: true);

    private Task<TestGateway> StartAsync() => TestGateway.StartAsync($$"""
        receivers:
          otlp:
            auth:
              keys:
                - name: acme-web
                  key: ${env:GATEWAY_KEY_ACME}
                  scope: { type: tenant, id: acme }
                - name: globex-backend
                  key_file: {{_secrets.Replace('\\', '/')}}/globex
                  scope: { type: tenant, id: globex }
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
        exporters:
          file/acme:
            path: {dir}/acme.ndjson
            batch: { max_wait: 10ms }
          file/globex:
            path: {dir}/globex.ndjson
            batch: { max_wait: 10ms }
        routes:
          - match: { scope.id: acme }
            exporters: [file/acme]
          - match: { scope.id: globex }
            exporters: [file/globex]
        """, environment: new Dictionary<string, string> { ["GATEWAY_KEY_ACME"] = AcmeKey });

    private static HttpRequestMessage Post(TestGateway gateway, Gateway.Otlp.Proto.Logs.V1.LogRecord record, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, gateway.HttpLogsEndpoint) { Content = ProtobufContent(Logs(record)) };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }
}
