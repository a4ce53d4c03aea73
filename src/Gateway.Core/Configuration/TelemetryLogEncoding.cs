namespace Gateway.Configuration;

public enum TelemetryLogEncoding
{
    Console,
    Json,
}
