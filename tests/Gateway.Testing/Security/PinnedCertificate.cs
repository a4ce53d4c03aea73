using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Testing.Security;

/// <summary>
/// Client-side trust for a test's own certificate: the handshake succeeds only when the server presents one of the
/// pinned certificates, and every presented thumbprint is recorded so a test can see which one was served.
/// </summary>
public sealed class PinnedCertificate
{
    private readonly ConcurrentDictionary<string, bool> _trusted = new(StringComparer.OrdinalIgnoreCase);

    public PinnedCertificate(params X509Certificate2[] trusted)
    {
        foreach (var certificate in trusted) Trust(certificate);
    }

    public string? LastPresented { get; private set; }

    public void Trust(X509Certificate2 certificate) => _trusted[certificate.Thumbprint] = true;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null) return false;
        var thumbprint = certificate.GetCertHashString();
        LastPresented = thumbprint;
        return _trusted.ContainsKey(thumbprint);
    }

    /// <summary>A handler on a fresh connection pool (so each new handler means a new handshake), optionally presenting a client certificate.</summary>
    public SocketsHttpHandler CreateHandler(X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = Validate } };
        if (clientCertificate is not null) handler.SslOptions.ClientCertificates = [clientCertificate];
        return handler;
    }
}
