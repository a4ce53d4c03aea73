using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Security;

/// <summary>
/// Accepts a client certificate only when it chains to a CA of <c>client_ca_file</c> (and not to the machine's roots,
/// which would let any publicly issued certificate in). The CA file is read again when it changes, like the server pair.
/// </summary>
public sealed class ClientCertificateValidator
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private readonly string _caFile;
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private volatile Roots _roots;

    public ClientCertificateValidator(string caFile, ILogger logger)
    {
        _caFile = caFile;
        _logger = logger;
        _roots = Load(FileStamp.Of(caFile));
    }

    public bool Validate(X509Certificate2 certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(CurrentRoots());
        if (presentedChain is not null)
        {
            // Intermediates the client sent along, so a leaf signed by an intermediate of the CA file chains too.
            foreach (var element in presentedChain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (chain.Build(certificate)) return true;
        TlsLog.ClientCertificateRefused(_logger, certificate.Subject, chain.ChainStatus.Length > 0 ? chain.ChainStatus[0].StatusInformation.Trim() : "untrusted");
        return false;
    }

    private X509Certificate2Collection CurrentRoots()
    {
        var stamp = FileStamp.Of(_caFile);
        if (_roots.Stamp == stamp) return _roots.Certificates;
        lock (_reload)
        {
            if (_roots.Stamp == stamp) return _roots.Certificates;
            try
            {
                _roots = Load(stamp);
            }
            catch (Exception e) when (e is CryptographicException or IOException)
            {
                TlsLog.ClientCaReloadFailed(_logger, _caFile, e.Message);
            }

            return _roots.Certificates;
        }
    }

    private Roots Load(FileStamp stamp)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(_caFile);
        if (certificates.Count == 0) throw new CryptographicException($"'{_caFile}' holds no PEM certificate");
        return new Roots(certificates, stamp);
    }

    private sealed record Roots(X509Certificate2Collection Certificates, FileStamp Stamp);
}
