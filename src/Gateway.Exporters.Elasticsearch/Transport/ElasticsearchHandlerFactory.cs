using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gateway.Exporters.Elasticsearch.Configuration;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// The HTTP handler for one exporter: pooled connections (recycled so DNS changes are seen), response decompression,
/// and TLS that trusts a private CA from <c>tls.ca_file</c> or, when opted in, any certificate.
/// </summary>
public static class ElasticsearchHandlerFactory
{
    public static SocketsHttpHandler Create(ElasticsearchExporterOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.Timeout < TimeSpan.FromSeconds(10) ? options.Timeout : TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = 64,
        };
        if (options.Tls.InsecureSkipVerify)
        {
            // Only when the user wrote insecure_skip_verify: true (tests, throw-away clusters).
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (options.Tls.CaFile is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, authorities);
        }

        return handler;
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
