using Gateway.Configuration;

namespace Gateway.Exporters.Otlp.Configuration;

/// <summary>What the <c>otlp</c> (gRPC) and <c>otlp_http</c> exporters share, named as the collector's.</summary>
public abstract class OtlpExporterOptions : ExporterOptions
{
    public string? Endpoint { get; set; }

    /// <summary>Sent with every request (gRPC metadata or HTTP headers), e.g. an API key the destination expects.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.Ordinal);

    public OtlpCompression Compression { get; set; } = OtlpCompression.Gzip;

    public OtlpClientTlsOptions Tls { get; set; } = new();

    /// <summary>One export request, connecting included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An endpoint example for the messages of this type.</summary>
    protected abstract string EndpointExample { get; }

    public override void Validate(OptionsValidationContext context)
    {
        base.Validate(context);
        if (string.IsNullOrWhiteSpace(Endpoint)) context.Error("endpoint", $"is required: where to send, e.g. {EndpointExample}");
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10)) context.Error("timeout", $"must be between 1ms and 10m, got {Timeout}");
        foreach (var name in Headers.Keys)
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) context.Error("headers", $"'{name}' is not a valid header name; use letters, digits and '-', e.g. x-api-key");
            if (Reserved(name)) context.Error("headers", $"'{name}' is set by the exporter; remove it");
        }
    }

    private static bool Reserved(string name) =>
        name.Equals("content-type", StringComparison.OrdinalIgnoreCase) || name.Equals("content-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase) || name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) || name.Equals("te", StringComparison.OrdinalIgnoreCase);
}
