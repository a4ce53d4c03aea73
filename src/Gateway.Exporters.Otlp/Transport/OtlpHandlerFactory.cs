using System.Net;
using System.Security.Cryptography.X509Certificates;
using Gateway.Exporters.Otlp.Configuration;

namespace Gateway.Exporters.Otlp.Transport;

/// <summary>
/// The HTTP handler of one exporter: pooled connections (recycled every few minutes so a DNS change is seen), and
/// TLS as <c>tls:</c> says (a private CA, a client certificate, or trusting anything when opted in).
/// </summary>
internal static class OtlpHandlerFactory
{
    public static SocketsHttpHandler Create(OtlpExporterOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.Timeout,
            AutomaticDecompression = DecompressionMethods.None,
            // gRPC multiplexes every call over one HTTP/2 connection; a second is opened when the first is full.
            EnableMultipleHttp2Connections = true,
        };
        var tls = options.Tls;
        CertificateTrust.Apply(handler.SslOptions, tls.InsecureSkipVerify, tls.CaFile);
        if (tls.CertFile is { } certFile && tls.KeyFile is { } keyFile)
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, keyFile)];
        }

        return handler;
    }
}
