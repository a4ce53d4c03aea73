using System.Buffers;
using Gateway.Diagnostics;
using Gateway.Exporters.Otlp.Transport;
using Gateway.Otlp.Json;
using Gateway.Otlp.Mapping;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Otlp;

/// <summary>
/// Forwards a batch as one OTLP ExportLogsServiceRequest (<see cref="OtlpRequestBuilder"/>: another gateway makes the
/// same envelopes of it) over gRPC or HTTP. Retries, backoff and the dead-letter file come from the shared lane; the
/// transport tells retryable answers from permanent ones, and records rejected in partial_success are counted and logged.
/// </summary>
internal sealed class OtlpExporter : IEventExporter, IDisposable
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMinutes(1);

    private readonly string _name;
    private readonly bool _json;
    private readonly IOtlpTransport _transport;
    private readonly ILogger _logger;
    private readonly LogThrottle _rejectedReports;
    private readonly KeyValuePair<string, object?> _exporterTag;

    /// <param name="json">Send OTLP/JSON (otlp_http with encoding: json) rather than protobuf.</param>
    public OtlpExporter(string name, IOtlpTransport transport, bool json, TimeProvider time, ILogger logger)
    {
        _json = json;
        _name = name;
        _transport = transport;
        _logger = logger;
        _rejectedReports = new LogThrottle(ReportInterval, time);
        _exporterTag = new KeyValuePair<string, object?>("exporter", name);
    }

    public string Destination => _transport.Destination;

    public async ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var request = OtlpRequestBuilder.Build(batch);
        if (_json)
        {
            var json = new ArrayBufferWriter<byte>(request.CalculateSize() * 2);
            OtlpJsonWriter.Write(request, json);
            return Settle(await _transport.SendAsync(json.WrittenMemory, cancellationToken).ConfigureAwait(false));
        }

        var size = request.CalculateSize();
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            request.WriteTo(buffer.AsSpan(0, size));
            return Settle(await _transport.SendAsync(buffer.AsMemory(0, size), cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _transport.Dispose();

    private ExportResult Settle(OtlpAnswer answer)
    {
        if (answer.Rejected > 0) Report(answer);
        return answer.Result;
    }

    private void Report(OtlpAnswer answer)
    {
        OtlpExporterMetrics.Rejected.Add(answer.Rejected, _exporterTag);
        if (_rejectedReports.TryReport(1, out var total)) OtlpExporterLog.PartiallyRejected(_logger, _name, _transport.Destination, answer.Rejected, answer.RejectedMessage ?? "(no message)", total - 1);
    }
}
