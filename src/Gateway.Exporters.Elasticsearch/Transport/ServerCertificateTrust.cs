using System.Security.Cryptography.X509Certificates;
using Elastic.Transport;
using Gateway.Exporters.Elasticsearch.Configuration;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// How the cluster's certificate is checked: the system's trust store (default), a private CA from <c>tls.ca_file</c>,
/// a pinned CA fingerprint (<c>tls.ca_fingerprint</c>, the client's own check), or, opted in, nothing at all.
/// </summary>
public static class ServerCertificateTrust
{
    public static void Apply(TransportConfigurationDescriptor settings, ElasticsearchTlsOptions tls)
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
            // or the old and the new CA during a rotation), so the chain is built against all of them, as the other
            // exporters' clients do (CertificateTrust).
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            settings.ServerCertificateValidationCallback((_, certificate, _, errors) => CertificateTrust.IsTrusted(certificate, errors, authorities));
        }
    }
}
