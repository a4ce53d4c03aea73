namespace Gateway.Exporters.Otlp.Transport;

/// <summary>What the destination said: the export's result and, on success, the records it rejected in partial_success.</summary>
internal readonly record struct OtlpAnswer(ExportResult Result, long Rejected = 0, string? RejectedMessage = null)
{
    public static OtlpAnswer Of(ExportResult result) => new(result);
}
