using Gateway.Host.Security;
using Gateway.Testing.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Security;

public sealed class ReloadingCertificateTests
{
    [Fact]
    public void ANewPairOnDiskIsServedFromTheNextHandshake()
    {
        using var first = TestCertificates.SelfSignedServer("first");
        using var renewed = TestCertificates.SelfSignedServer("renewed");
        using var files = new CertificateDirectory(first);
        var certificate = new ReloadingCertificate(files.CertFile, files.KeyFile, NullLogger.Instance);
        Assert.Equal(first.Thumbprint, certificate.Current.Thumbprint);

        files.ReplaceServer(renewed);

        Assert.Equal(renewed.Thumbprint, certificate.Current.Thumbprint);
        Assert.True(certificate.Current.HasPrivateKey);
    }

    [Fact]
    public void ACertificateWhoseKeyHasNotArrivedYetKeepsThePreviousPairInServiceUntilItDoes()
    {
        using var first = TestCertificates.SelfSignedServer("first");
        using var renewed = TestCertificates.SelfSignedServer("renewed");
        using var files = new CertificateDirectory(first);
        var certificate = new ReloadingCertificate(files.CertFile, files.KeyFile, NullLogger.Instance);

        TestCertificates.WritePem(renewed, files.CertFile);
        Assert.Equal(first.Thumbprint, certificate.Current.Thumbprint);

        files.ReplaceServer(renewed);
        Assert.Equal(renewed.Thumbprint, certificate.Current.Thumbprint);
    }
}
