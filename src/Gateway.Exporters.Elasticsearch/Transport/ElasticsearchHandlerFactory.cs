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
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => CertificateTrust.IsTrusted(certificate, errors, authorities);
        }

        return handler;
    }
}
