using System.Net;
using System.Security.Authentication;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Otlp;
using Gateway.Testing.Security;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Security;

/// <summary>Both receivers over TLS with the test's own self-signed certificate, renewal without restart, and mutual TLS.</summary>
public sealed class ReceiverTlsTests
{
    private static readonly Action<ILogger, Exception?> Placed = LoggerMessage.Define(LogLevel.Information, new EventId(1, "order.placed"), "Order placed");

    [Fact]
    public async Task TheHttpReceiverServesTheConfiguredCertificateAndAcceptsLogsOverTls()
    {
        using var server = TestCertificates.SelfSignedServer();
        using var files = new CertificateDirectory(server);
        await using var gateway = await TestGateway.StartAsync(Config(files.TlsYaml()));
        var pinned = new PinnedCertificate(server);
        using var client = new HttpClient(pinned.CreateHandler());

        using var response = await client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("over tls"))));

        Assert.Equal("https", gateway.HttpEndpoint.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.Thumbprint, pinned.LastPresented);
        Assert.Equal("over tls", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task GrpcOverTlsNegotiatesHttp2AndAcceptsAnExport()
    {
        using var server = TestCertificates.SelfSignedServer();
        using var files = new CertificateDirectory(server);
        await using var gateway = await TestGateway.StartAsync(Config(files.TlsYaml()));
        var pinned = new PinnedCertificate(server);
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint, new GrpcChannelOptions { HttpHandler = pinned.CreateHandler() });

        var response = await new LogsService.LogsServiceClient(channel).ExportAsync(Logs(Record("grpc over tls")));

        Assert.Equal("https", gateway.GrpcEndpoint.Scheme);
        Assert.Null(response.PartialSuccess);
        Assert.Equal(server.Thumbprint, pinned.LastPresented);
        Assert.Equal("grpc over tls", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task TheOtelSdkExportsOverTlsTrustingTheTestCertificate(OtlpExportProtocol protocol)
    {
        using var server = TestCertificates.SelfSignedServer();
        using var files = new CertificateDirectory(server);
        await using var gateway = await TestGateway.StartAsync(Config(files.TlsYaml()));
        var pinned = new PinnedCertificate(server);
        var endpoint = protocol == OtlpExportProtocol.Grpc ? gateway.GrpcEndpoint : gateway.HttpEndpoint;
        using (var client = OtelLogClient.Create(endpoint, protocol, configure: o => o.HttpClientFactory = () => new HttpClient(pinned.CreateHandler())))
        {
            Placed(client.CreateLogger("Shop.Checkout"), null);
            Assert.True(client.Flush(), "the SDK could not export over TLS");
        }

        Assert.Equal("Order placed", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
        Assert.Equal(server.Thumbprint, pinned.LastPresented);
    }

    [Fact]
    public async Task ReplacedCertificateFilesAreServedFromTheNextHandshakeWithoutARestart()
    {
        using var first = TestCertificates.SelfSignedServer("first.gateway.test");
        using var renewed = TestCertificates.SelfSignedServer("renewed.gateway.test");
        using var files = new CertificateDirectory(first);
        await using var gateway = await TestGateway.StartAsync(Config(files.TlsYaml()));
        var pinned = new PinnedCertificate(first, renewed);
        Assert.Equal(first.Thumbprint, await HandshakeAsync(gateway.HttpLogsEndpoint, pinned));

        files.ReplaceServer(renewed);

        await Eventually.TrueAsync(async () => await HandshakeAsync(gateway.HttpLogsEndpoint, pinned) == renewed.Thumbprint, "the renewed certificate on a new connection");
        var grpcPinned = new PinnedCertificate(renewed);
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint, new GrpcChannelOptions { HttpHandler = grpcPinned.CreateHandler() });
        await new LogsService.LogsServiceClient(channel).ExportAsync(Logs(Record("after renewal")));
        Assert.Equal(renewed.Thumbprint, grpcPinned.LastPresented);
    }

    [Fact]
    public async Task WithRequiredClientCertificatesOnlyClientsIssuedByTheConfiguredCaGetIn()
    {
        using var server = TestCertificates.SelfSignedServer();
        using var authority = TestCertificates.CertificateAuthority();
        using var stranger = TestCertificates.CertificateAuthority("Someone Else's CA");
        using var issued = TestCertificates.Client(authority);
        using var forged = TestCertificates.Client(stranger);
        using var files = new CertificateDirectory(server, authority);
        await using var gateway = await TestGateway.StartAsync(Config(files.TlsYaml(requireClientCertificate: true)));
        var pinned = new PinnedCertificate(server);

        using (var client = new HttpClient(pinned.CreateHandler(issued)))
        {
            using var accepted = await client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("mutual tls"))));
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        foreach (var certificate in new[] { null, forged })
        {
            using var client = new HttpClient(pinned.CreateHandler(certificate));
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("refused")))));
            Assert.True(refused.InnerException is AuthenticationException or IOException, $"expected a failed handshake, got {refused}");
        }

        Assert.Equal("mutual tls", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
    }

    private static string Config(string tls) => $"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        {tls}
              http:
                endpoint: 127.0.0.1:0
        {tls}

        """ + TestGateway.FileExporterYaml;

    /// <summary>Posts an empty export on a new connection and returns the thumbprint the server presented.</summary>
    private static async Task<string?> HandshakeAsync(Uri endpoint, PinnedCertificate pinned)
    {
        using var client = new HttpClient(pinned.CreateHandler());
        using var response = await client.PostAsync(endpoint, ProtobufContent(new ExportLogsServiceRequest()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return pinned.LastPresented;
    }
}
