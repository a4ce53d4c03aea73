using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Collector.Logs.V1;

namespace Gateway.Otlp.Json;

/// <summary>
/// An OTLP/JSON body as the protobuf request, plus the records the reader kept but found invalid (numbered as the
/// mapper numbers them), which are rejected one by one in partial_success rather than failing the request.
/// </summary>
public sealed record OtlpJsonRequest(ExportLogsServiceRequest Request, RecordFaults? Faults);
