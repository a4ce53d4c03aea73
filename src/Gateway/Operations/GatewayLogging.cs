using Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Operations;

/// <summary>
/// The gateway's own log as <c>service.telemetry.logs</c> asks: leveled, one line or one JSON object per entry, each
/// with its event id. Log lines carry names, counts and reasons, never event payloads.
/// </summary>
internal static class GatewayLogging
{
    public static void Configure(ILoggingBuilder logging, TelemetryLogOptions options)
    {
        logging.SetMinimumLevel(options.Level switch
        {
            TelemetryLogLevel.Debug => LogLevel.Debug,
            TelemetryLogLevel.Warn => LogLevel.Warning,
            TelemetryLogLevel.Error => LogLevel.Error,
            _ => LogLevel.Information,
        });
        if (options.Encoding == TelemetryLogEncoding.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
    }
}
