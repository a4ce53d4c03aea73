using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Otlp.Receivers;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Tests.Otlp;

/// <summary>The receivers' request and connection limits as a user writes them, their defaults, and the errors a mistake gets.</summary>
public sealed class ReceiverLimitsConfigTests
{
    [Fact]
    public void TheLimitsBindPerProtocolAndDefaultToTheDocumentedValues()
    {
        var otlp = Load("""
            receivers:
              otlp:
                max_in_flight_memory: 256MiB
                protocols:
                  grpc:
                    max_records_per_request: 8192
                    read_timeout: 10s
                    idle_timeout: 5m
                    keepalive_time: 1m
                    keepalive_timeout: 10s
                  http:
            exporters:
              console:
            """).FindReceiver<OtlpReceiverOptions>("otlp")!;

        Assert.Equal(256L * 1024 * 1024, otlp.MaxInFlightMemory.Bytes);
        Assert.Equal(8192, otlp.Grpc!.MaxRecordsPerRequest);
        Assert.Equal(TimeSpan.FromSeconds(10), otlp.Grpc.ReadTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), otlp.Grpc.IdleTimeout);
        Assert.Equal(100_000, otlp.Http!.MaxRecordsPerRequest);
        Assert.Equal(TimeSpan.FromSeconds(30), otlp.Http.ReadTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), otlp.Http.IdleTimeout);
        Assert.Equal(512L * 1024 * 1024, new OtlpReceiverOptions().MaxInFlightMemory.Bytes);

        var limits = new KestrelServerLimits();
        ReceiverKestrelLimits.Apply(limits, otlp);
        Assert.Equal(TimeSpan.FromMinutes(1), limits.Http2.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.Http2.KeepAlivePingTimeout);
        Assert.True(limits.KeepAliveTimeout > TimeSpan.FromMinutes(5), "Kestrel's own keep-alive timeout leaves idle connections to idle_timeout");
    }

    [Fact]
    public void ABudgetTooSmallForOneRequestAtItsLimitsAndNonPositiveTimesAreRefusedWithTheirLine()
    {
        var error = Assert.Throws<ConfigException>(() => Load("""
            receivers:
              otlp:
                max_in_flight_memory: 1MiB
                protocols:
                  http:
                    read_timeout: 0s
                    max_records_per_request: 0
            exporters:
              console:
            """));

        Assert.Contains(error.Errors, e => e.Line == 3 && e.Message.Contains("cannot hold one http request at its limits", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Line == 6 && e.Message.Contains("read_timeout: must be between", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Line == 7 && e.Message.Contains("max_records_per_request: must be at least 1", StringComparison.Ordinal));
    }

    private static GatewayConfig Load(string yaml) => new GatewayConfigLoader(GatewayCatalog.Create(), _ => null).Load(yaml, "gateway.yaml");
}
