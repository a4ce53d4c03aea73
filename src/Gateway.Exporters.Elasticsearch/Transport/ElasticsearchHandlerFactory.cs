using System.Net;
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
        CertificateTrust.Apply(handler.SslOptions, options.Tls.InsecureSkipVerify, options.Tls.CaFile);
        return handler;
    }
}
