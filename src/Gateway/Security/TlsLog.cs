using Microsoft.Extensions.Logging;

namespace Gateway.Host.Security;

/// <summary>TLS log lines of the receivers (event ids 3010-3019).</summary>
internal static partial class TlsLog
{
    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Loaded the TLS certificate {Subject} (expires {NotAfter:o}) from {CertFile}")]
    public static partial void CertificateLoaded(ILogger logger, string subject, DateTime notAfter, string certFile);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Could not reload the TLS certificate from {CertFile} and {KeyFile}; still serving the previous one: {Reason}")]
    public static partial void CertificateReloadFailed(ILogger logger, string certFile, string keyFile, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Could not reload the client CA file {CaFile}; still using the previous one: {Reason}")]
    public static partial void ClientCaReloadFailed(ILogger logger, string caFile, string reason);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Refused a client certificate {Subject}: {Status}")]
    public static partial void ClientCertificateRefused(ILogger logger, string subject, string status);
}
