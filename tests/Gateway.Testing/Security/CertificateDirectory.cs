using System.Security.Cryptography.X509Certificates;

namespace Gateway.Testing.Security;

/// <summary>
/// A temporary directory holding a gateway's TLS files (server.crt, server.key and optionally clients-ca.crt), made
/// before the gateway starts because its config is validated against them. Disposing deletes it.
/// </summary>
public sealed class CertificateDirectory : IDisposable
{
    public CertificateDirectory(X509Certificate2 server, X509Certificate2? clientAuthority = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gateway-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        ReplaceServer(server);
        if (clientAuthority is not null) TestCertificates.WritePem(clientAuthority, ClientCaFile);
    }

    public string Path { get; }

    public string CertFile => File("server.crt");

    public string KeyFile => File("server.key");

    public string ClientCaFile => File("clients-ca.crt");

    /// <summary>The <c>tls:</c> block for these files, indented for a protocol's block.</summary>
    public string TlsYaml(bool requireClientCertificate = false) => $"""
                tls:
                  cert_file: {CertFile}
                  key_file: {KeyFile}
        """ + (requireClientCertificate ? $"""

                  client_ca_file: {ClientCaFile}
                  require_client_certificate: true
        """ : string.Empty);

    /// <summary>Writes a new server pair over the old one, as a certificate renewal does.</summary>
    public void ReplaceServer(X509Certificate2 server) => TestCertificates.WritePem(server, CertFile, KeyFile);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Only a temp directory is left behind.
        }
    }

    private string File(string name) => System.IO.Path.Combine(Path, name).Replace('\\', '/');
}
