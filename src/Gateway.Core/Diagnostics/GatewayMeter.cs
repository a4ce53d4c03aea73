using System.Diagnostics.Metrics;

namespace Gateway.Diagnostics;

/// <summary>
/// The one Meter every component records its counters on, so the metrics endpoint (and tests, through a
/// MeterListener) see them all. Instrument names follow the collector's (otelcol_*) where one exists.
/// </summary>
public static class GatewayMeter
{
    public const string Name = "Gateway";

    public static Meter Instance { get; } = new(Name, "1.0");
}
