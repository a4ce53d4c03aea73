using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Gateway.Exporters.Elasticsearch.Configuration;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// How the cluster's certificate is checked: the system's trust store (default), a private CA from <c>tls.ca_file</c>,
/// a pinned CA fingerprint (<c>tls.ca_fingerprint</c>, the client's own check), or, opted in, nothing at all.
/// </summary>
public static class ServerCertificateTrust
{
    public static void Apply(ElasticsearchClientSettings settings, ElasticsearchTlsOptions tls)
    {
        if (tls.InsecureSkipVerify)
        {
            // Only when the user wrote insecure_skip_verify: true (tests, throw-away clusters).
            settings.ServerCertificateValidationCallback(CertificateValidations.AllowAll);
        }
        else if (tls.CaFingerprint is { } fingerprint)
        {
            settings.CertificateFingerprint(fingerprint);
        }
        else if (tls.CaFile is { } caFile)
        {
            // The client's CertificateValidations take one CA; a ca_file may hold several (a root and its intermediates,
            // or the old and the new CA during a rotation), so the chain is built against all of them here.
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            settings.ServerCertificateValidationCallback((_, certificate, _, errors) => IsTrusted(certificate, errors, authorities));
        }
    }

    /// <summary>The name must still match; only the chain is checked against our CA instead of the system store.</summary>
    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
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
