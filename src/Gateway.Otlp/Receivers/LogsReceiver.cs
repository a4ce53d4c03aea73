using System.Diagnostics;
using Gateway.Envelope;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Otlp.Receivers.Security;
using Gateway.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Otlp.Receivers;

/// <summary>
/// The transport-neutral part of the receiver: maps a decoded export request to envelopes, hands them to the
/// pipeline and builds the response, with partial_success naming the records dropped as invalid.
/// gRPC and HTTP differ only in how they decode the request and how they spell the answer.
/// </summary>
public sealed class LogsReceiver(IIngestPipeline pipeline, EnvelopeMapper mapper, ReceiverRefusals refusals, ILogger<LogsReceiver> logger)
{
    private static readonly ExportLogsServiceResponse Success = new();

    /// <summary>A decoded request (OTLP/JSON) as envelopes; records the decoder found invalid are rejected, the others mapped.</summary>
    public MappedLogs Map(ExportLogsServiceRequest request, RecordFaults? faults = null)
    {
        var envelopes = new List<EventEnvelope>();
        var rejected = mapper.Map(request, envelopes, faults);
        return new MappedLogs(envelopes, rejected);
    }

    /// <summary>A protobuf request as envelopes, decoded straight from its bytes; throws <see cref="Wire.OtlpWireException"/> when they are not a valid message.</summary>
    public MappedLogs Map(ReadOnlyMemory<byte> protobuf)
    {
        var envelopes = new List<EventEnvelope>();
        var rejected = mapper.Map(protobuf, envelopes, pipeline.FirstSampler, out var sampledOut);
        return new MappedLogs(envelopes, rejected, sampledOut);
    }

    /// <param name="context">
    /// The request: the API key it authenticated with (its scope replaces whatever the records said), and where a
    /// pipeline refusal is marked as counted.
    /// </param>
    public async ValueTask<LogsExportResult> ExportAsync(MappedLogs mapped, string transport, HttpContext context)
    {
        var (envelopes, rejected, sampledOut) = mapped;
        var ingest = await IngestAsync(envelopes, transport, context, sampledOut).ConfigureAwait(false);
        if (ingest.Status != IngestStatus.Accepted || rejected.Count == 0) return new LogsExportResult(ingest, Success);

        OtlpReceiverMetrics.Rejected.Add(rejected.Count, OtlpReceiverMetrics.ReceiverTag, OtlpReceiverMetrics.TransportTag(transport));
        var message = rejected.ErrorMessage;
        OtlpReceiverLog.RecordsRejected(logger, transport, rejected.Count, message);
        var response = new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = rejected.Count, ErrorMessage = message } };
        return new LogsExportResult(ingest, response);
    }

    /// <summary>
    /// Hands a request's envelopes to the pipeline, whatever they were decoded from (OTLP or the events API): the API
    /// key's scope is stamped on them, a refusal is counted and logged, an acceptance counted. The caller answers.
    /// </summary>
    /// <param name="sampledOut">Records of the request sampling dropped before they were mapped: received all the same.</param>
    public async ValueTask<IngestResult> IngestAsync(List<EventEnvelope> envelopes, string transport, HttpContext context, int sampledOut = 0)
    {
        StampAndCount(envelopes, transport, context.Features.Get<ApiKeyIdentity>());

        // Counted before the pipeline runs: sampling takes dropped events out of the list, yet they were accepted.
        // A request whose records were all sampled out unmapped still goes through, so it is refused when the
        // pipeline is (shutting down) exactly as if they had been mapped.
        var received = envelopes.Count + sampledOut;
        var ingest = received == 0 ? IngestResult.Accepted : await pipeline.IngestAsync(envelopes, context.RequestAborted).ConfigureAwait(false);
        if (ingest.Status != IngestStatus.Accepted)
        {
            var grpc = transport == "grpc";
            var (reason, answer) = ingest.Status switch
            {
                IngestStatus.Backpressure => (RefusalReasons.Backpressure, grpc ? "RESOURCE_EXHAUSTED" : "429"),
                IngestStatus.StorageUnavailable => (RefusalReasons.StorageUnavailable, grpc ? "UNAVAILABLE" : "503"),
                IngestStatus.TooLarge => (RefusalReasons.QueueMaxBytes, grpc ? "RESOURCE_EXHAUSTED" : "413"),
                _ => (RefusalReasons.ShuttingDown, grpc ? "UNAVAILABLE" : "503"),
            };
            refusals.Refuse(context, transport, reason, answer, ingest.Reason ?? ingest.Status.ToString(), received);
            return ingest;
        }

        OtlpReceiverMetrics.Accepted.Add(received, OtlpReceiverMetrics.ReceiverTag, OtlpReceiverMetrics.TransportTag(transport));
        return ingest;
    }

    /// <summary>
    /// A key's scope overrides the record's type and id, so one tenant cannot write as another; the record's scope
    /// tags stay, as they are what the authenticated sender says about itself.
    /// </summary>
    private static void StampAndCount(List<EventEnvelope> envelopes, string transport, ApiKeyIdentity? identity)
    {
        var truncated = 0;
        var (scopeType, scopeId) = identity is { ScopeType: { } type, ScopeId: { } id } ? (type, id) : (null, null);
        foreach (var envelope in envelopes)
        {
            if (envelope.Truncated is not null) truncated++;
            if (scopeType is not null) envelope.Scope = new EntityRef { Type = scopeType, Id = scopeId, Tags = envelope.Scope?.Tags ?? [] };
        }

        if (truncated > 0) OtlpReceiverMetrics.Truncated.Add(truncated, new TagList { { "transport", transport } });
    }
}
