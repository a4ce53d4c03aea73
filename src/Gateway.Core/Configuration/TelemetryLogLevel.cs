namespace Gateway.Configuration;

/// <summary>The collector's log level names, so <c>level: debug</c> reads the same in both.</summary>
public enum TelemetryLogLevel
{
    Debug,
    Info,
    Warn,
    Error,
}
