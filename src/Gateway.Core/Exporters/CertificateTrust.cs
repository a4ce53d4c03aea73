using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Exporters;

/// <summary>Server certificate checks for exporters that trust a private CA (<c>tls.ca_file</c>) instead of the system store.</summary>
public static class CertificateTrust
{
    /// <summary>
    /// How an exporter's client checks the server: any certificate when the user wrote <c>insecure_skip_verify: true</c>,
    /// else a chain to the CAs of <paramref name="caFile"/> when given, else the system store (nothing to set).
    /// </summary>
    public static void Apply(SslClientAuthenticationOptions ssl, bool insecureSkipVerify, string? caFile)
    {
        if (insecureSkipVerify)
        {
            // Only when the user wrote insecure_skip_verify: true (tests, throw-away set-ups).
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (caFile is not null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, authorities);
        }
    }

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
