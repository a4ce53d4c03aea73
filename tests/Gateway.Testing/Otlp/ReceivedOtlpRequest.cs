using Gateway.Otlp.Proto.Collector.Logs.V1;

namespace Gateway.Testing.Otlp;

/// <summary>A request an <see cref="OtlpDouble"/> received: the decoded message, how it came, when, and what it was answered (null: success).</summary>
public sealed record ReceivedOtlpRequest(ExportLogsServiceRequest Request, string Transport, string Encoding, bool Json, DateTimeOffset At, OtlpScriptedAnswer? Answer)
{
    public int RecordCount => Request.ResourceLogs.Sum(r => r.ScopeLogs.Sum(s => s.LogRecords.Count));
}
