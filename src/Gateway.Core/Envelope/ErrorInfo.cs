namespace Gateway.Envelope;

/// <summary>The error carried by a log record (OTel exception.* semantic conventions).</summary>
public sealed class ErrorInfo
{
    public string? Name { get; init; }

    public string? Message { get; set; }

    public string? Code { get; init; }

    public string? Stack { get; set; }
}
