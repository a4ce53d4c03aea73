using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Security;

/// <summary>
/// The server certificate of a TLS listener, read from a PEM certificate and key and read again when either file
/// changes, so a renewed certificate (cert-manager, certbot) is served from the next handshake on without a restart.
/// A pair that does not load (e.g. the cert replaced but not yet the key) keeps the previous certificate in service.
/// </summary>
public sealed class ReloadingCertificate
{
    private readonly string _certFile;
    private readonly string _keyFile;
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private volatile Loaded _loaded;

    public ReloadingCertificate(string certFile, string keyFile, ILogger logger)
    {
        _certFile = certFile;
        _keyFile = keyFile;
        _logger = logger;
        _loaded = Load(FileStamp.Of(certFile), FileStamp.Of(keyFile));
    }

    /// <summary>The certificate to present now; checks the files' stamps, which is cheap next to a handshake.</summary>
    public X509Certificate2 Current
    {
        get
        {
            var loaded = _loaded;
            var cert = FileStamp.Of(_certFile);
            var key = FileStamp.Of(_keyFile);
            if (loaded.Cert == cert && loaded.Key == key) return loaded.Certificate;
            lock (_reload)
            {
                if (_loaded.Cert == cert && _loaded.Key == key) return _loaded.Certificate;
                try
                {
                    // The previous certificate is not disposed: handshakes in progress may still be using it.
                    _loaded = Load(cert, key);
                }
                catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
                {
                    TlsLog.CertificateReloadFailed(_logger, _certFile, _keyFile, e.Message);
                }

                return _loaded.Certificate;
            }
        }
    }

    private Loaded Load(FileStamp cert, FileStamp key)
    {
        var certificate = X509Certificate2.CreateFromPemFile(_certFile, _keyFile);
        TlsLog.CertificateLoaded(_logger, certificate.Subject, certificate.NotAfter, _certFile);
        return new Loaded(certificate, cert, key);
    }

    private sealed record Loaded(X509Certificate2 Certificate, FileStamp Cert, FileStamp Key);
}
