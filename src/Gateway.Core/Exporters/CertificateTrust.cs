using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Exporters;

/// <summary>Server certificate checks for exporters that trust a private CA (<c>tls.ca_file</c>) instead of the system store.</summary>
public static class CertificateTrust
{
    /// <summary>The name must still match; only the chain is checked against <paramref name="authorities"/>.</summary>
    public static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }
}
