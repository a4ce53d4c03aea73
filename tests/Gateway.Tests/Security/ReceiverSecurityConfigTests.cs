using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Otlp.Receivers;
using Gateway.Testing.Security;

namespace Gateway.Tests.Security;

/// <summary>The auth, tls, cors and limit keys of the otlp receiver as a user writes them, and the errors a mistake gets.</summary>
public sealed class ReceiverSecurityConfigTests
{
    private const string Exporter = """

        exporters:
          console:
        """;

    [Fact]
    public void TheCollectorStyleBlockBindsKeysScopesCorsTlsAndLimits()
    {
        using var server = TestCertificates.SelfSignedServer();
        using var files = new CertificateDirectory(server);
        var otlp = Load($$"""
            receivers:
              otlp:
                auth:
                  header: x-api-key
                  keys:
                    - name: web
                      key: ${env:GATEWAY_KEY_WEB}
                      scope: { type: tenant, id: acme }
                protocols:
                  grpc:
                    endpoint: 0.0.0.0:4317
                    max_concurrent_requests: 64
                    tls: { cert_file: {{files.CertFile}}, key_file: {{files.KeyFile}} }
                  http:
                    endpoint: 0.0.0.0:4318
                    cors:
                      allowed_origins: [ "https://*.example.com" ]
                      allowed_headers: [ x-request-id ]
                      max_age: 10m
            """ + Exporter, new Dictionary<string, string> { ["GATEWAY_KEY_WEB"] = "k-0123456789abcdef" }).FindReceiver<OtlpReceiverOptions>("otlp")!;

        Assert.True(otlp.AuthEnabled);
        Assert.Equal("x-api-key", otlp.Auth!.Header);
        var key = Assert.Single(otlp.Auth.Keys);
        Assert.Equal(("web", "k-0123456789abcdef", "tenant", "acme"), (key.Name, key.Key, key.Scope!.Type, key.Scope.Id));
        Assert.Equal(64, otlp.Grpc!.MaxConcurrentRequests);
        Assert.Equal(files.CertFile, otlp.Grpc.Tls!.CertFile);
        Assert.Equal(OtlpProtocolEndpointOptions.DefaultMaxConcurrentRequests, otlp.Http!.MaxConcurrentRequests);
        Assert.Equal(["https://*.example.com"], otlp.Http.Cors!.AllowedOrigins);
        Assert.Equal(TimeSpan.FromMinutes(10), otlp.Http.Cors.MaxAge);
    }

    [Fact]
    public void WithoutAnAuthBlockEveryRequestIsAccepted()
    {
        var otlp = Load("receivers:\n  otlp:\n" + Exporter).FindReceiver<OtlpReceiverOptions>("otlp")!;

        Assert.False(otlp.AuthEnabled);
        Assert.Null(otlp.Http!.Tls);
        Assert.Null(otlp.Http.Cors);
    }

    [Theory]
    [InlineData("""
        auth:
              keys:
                - key: short
        """, 7, "shorter than 16 characters")]
    [InlineData("""
        auth:
              keys:
                - name: both
                  key: k-0123456789abcdef
                  key_file: /run/secrets/k
        """, 7, "exactly one of key:")]
    [InlineData("""
        auth:
              keys:
                - key_file: /nowhere/gateway-key
        """, 7, "'/nowhere/gateway-key' does not exist")]
    [InlineData("""
        auth:
              keys:
                - key: k-0123456789abcdef
                  scope: { type: tenant }
        """, 8, "needs an id")]
    [InlineData("""
        auth:
              keys: []
        """, 6, "lists no keys")]
    public void AuthMistakesAreReportedAtTheirLine(string auth, int line, string advice)
    {
        var error = Assert.Throws<ConfigException>(() => Load($"""
            receivers:
              otlp:
                protocols:
                  http:
                {auth}
            """ + Exporter));

        Assert.Contains(error.Errors, e => e.Message.Contains(advice, StringComparison.Ordinal) && e.Line == line);
    }

    [Theory]
    [InlineData("cors: { allowed_origins: [ \"*\" ], allow_credentials: true }", "cannot be combined with allow_credentials")]
    [InlineData("cors: { allowed_origins: [ \"https://app.example.com/path\" ] }", "is not an origin")]
    [InlineData("cors: { allowed_origins: [] }", "list the origins")]
    [InlineData("tls: { cert_file: /nowhere/server.crt, key_file: /nowhere/server.key }", "'/nowhere/server.crt' does not exist")]
    [InlineData("tls: { key_file: /nowhere/server.key }", "cert_file: is required")]
    [InlineData("max_concurrent_requests: 0", "must be at least 1")]
    public void HttpProtocolMistakesAreReportedWithWhatToWrite(string line, string advice)
    {
        var error = Assert.Throws<ConfigException>(() => Load($"""
            receivers:
              otlp:
                protocols:
                  http:
                    {line}
            """ + Exporter));

        Assert.Contains(error.Errors, e => e.Message.Contains(advice, StringComparison.Ordinal) && e.Line == 5);
    }

    [Fact]
    public void ACertificateAndAKeyThatDoNotBelongTogetherAreRefused()
    {
        using var server = TestCertificates.SelfSignedServer();
        using var other = TestCertificates.SelfSignedServer("other");
        using var files = new CertificateDirectory(server);
        TestCertificates.WritePem(other, files.CertFile);

        var error = Assert.Throws<ConfigException>(() => Load($"""
            receivers:
              otlp:
                protocols:
                  grpc:
                    tls: {"{"} cert_file: {files.CertFile}, key_file: {files.KeyFile}, require_client_certificate: true {"}"}
            """ + Exporter));

        Assert.Contains(error.Errors, e => e.Message.Contains("are not a PEM certificate and its private key", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Message.Contains("needs client_ca_file", StringComparison.Ordinal));
    }

    [Fact]
    public void AClientCaFileWithoutCertificatesIsRefused()
    {
        using var server = TestCertificates.SelfSignedServer();
        using var files = new CertificateDirectory(server);
        File.WriteAllText(files.ClientCaFile, "not a certificate\n");

        var error = Assert.Throws<ConfigException>(() => Load($"""
            receivers:
              otlp:
                protocols:
                  grpc:
                    tls: {"{"} cert_file: {files.CertFile}, key_file: {files.KeyFile}, client_ca_file: {files.ClientCaFile} {"}"}
            """ + Exporter));

        Assert.Contains("holds no PEM certificate", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorsOnTheGrpcProtocolIsRefused()
    {
        var error = Assert.Throws<ConfigException>(() => Load("""
            receivers:
              otlp:
                protocols:
                  grpc:
                    cors: { allowed_origins: [ "https://app.example.com" ] }
            """ + Exporter));

        Assert.Contains("move cors: under protocols.http", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    private static GatewayConfig Load(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        new GatewayConfigLoader(GatewayCatalog.Create(), name => environment is not null && environment.TryGetValue(name, out var value) ? value : null).Load(yaml, "gateway.yaml");
}
