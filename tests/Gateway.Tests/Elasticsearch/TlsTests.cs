using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Exporters;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Elasticsearch;

/// <summary>A self-managed cluster with a private CA: trusted through tls.ca_file, refused otherwise, unless verification is skipped.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _caFile = Path.Combine(Path.GetTempPath(), $"gateway-test-ca-{Guid.NewGuid():N}.crt");
    private WebApplication? _app;
    private Uri _address = null!;
    private string _serverFingerprint = null!;

    public async Task InitializeAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Gateway Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        await File.WriteAllTextAsync(_caFile, ca.ExportCertificatePem());

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(server)));
        _serverFingerprint = server.GetCertHashString(HashAlgorithmName.SHA256);
        _app = builder.Build();
        // Only the transport is under test here: the root answer the client pings, and one stored item for any bulk
        // request, each with the product header Elasticsearch sends on every answer.
        ElasticsearchBasics.Use(_app);
        _app.MapPost("/_bulk", () => Results.Text("""{"errors":false,"items":[{"create":{"_index":"logs-gateway-production","status":201}}]}""", "application/json"));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _address = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        File.Delete(_caFile);
    }

    private async Task<ExportResult> ExportAsync(Action<Gateway.Exporters.Elasticsearch.Configuration.ElasticsearchExporterOptions> configure)
    {
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(_address), o =>
        {
            o.Setup.Enabled = false;
            configure(o);
        });
        return await exporter.ExportAsync(Some.Envelope());
    }

    [Fact]
    public async Task TheClustersPrivateCaIsTrustedThroughCaFile()
    {
        var result = await ExportAsync(o => o.Tls.CaFile = _caFile);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
    }

    [Fact]
    public async Task APinnedFingerprintIsTrusted()
    {
        // .NET's TLS server leaves a self-signed root out of the chain it sends, so the fingerprint pinned here is the
        // server certificate's; the client accepts the fingerprint of any certificate in the chain (Elasticsearch's
        // own server sends its CA too, whose fingerprint it prints at first start).
        var colons = string.Join(':', _serverFingerprint.Chunk(2).Select(pair => new string(pair)));

        var result = await ExportAsync(o => o.Tls.CaFingerprint = colons);

        Assert.True(result.Outcome == ExportOutcome.Success, result.Reason);
    }

    [Fact]
    public async Task AnotherFingerprintIsRefused()
    {
        var result = await ExportAsync(o => o.Tls.CaFingerprint = new string('A', 64));

        Assert.Equal(ExportOutcome.Retryable, result.Outcome);
    }

    [Fact]
    public async Task WithoutTheCaTheCertificateIsRefused()
    {
        var result = await ExportAsync(_ => { });

        Assert.Equal(ExportOutcome.Retryable, result.Outcome);
        Assert.Contains("SSL", result.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SkippingVerificationAcceptsAnyCertificate()
    {
        var result = await ExportAsync(o => o.Tls.InsecureSkipVerify = true);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
    }
}
