namespace Gateway.Configuration;

/// <summary><c>service.telemetry.logs</c>: how verbose the gateway's own log is and how it is written.</summary>
public sealed class TelemetryLogOptions
{
    public TelemetryLogLevel Level { get; set; } = TelemetryLogLevel.Info;

    /// <summary><c>console</c> (one line per entry) or <c>json</c> (one JSON object per entry, for log shippers).</summary>
    public TelemetryLogEncoding Encoding { get; set; } = TelemetryLogEncoding.Console;
}
