namespace Gateway.Configuration;

/// <summary>
/// <c>service.telemetry.tap</c>: live taps (<c>gateway tap</c>, <c>GET /tap</c>, the status page's tap panel) on the
/// telemetry endpoint. Taps after the processors see redacted events; before them only when allowed here.
/// </summary>
public sealed class TapOptions : IValidatableOptions
{
    public const int DefaultBufferSize = 256;

    public bool Enabled { get; set; } = true;

    /// <summary>Lets a tap watch events as received, before sampling and redaction: secrets and personal data included.</summary>
    public bool AllowUnredacted { get; set; }

    /// <summary>A key every tap must present (<c>Authorization: Bearer KEY</c>); none means anyone who reaches the endpoint may tap.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The key read from a file (a mounted secret) instead of <see cref="ApiKey"/>.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Events each tap holds for a slow reader; past it the tap shows a sample and reports what it left out.</summary>
    public int BufferSize { get; set; } = DefaultBufferSize;

    /// <summary>Taps attached at once; one more is refused (429) rather than adding cost to the pipeline.</summary>
    public int MaxTaps { get; set; } = 8;

    public void Validate(OptionsValidationContext context)
    {
        if (ApiKey is not null && ApiKeyFile is not null) context.Error("write one of api_key: or api_key_file:, not both");
        if (ApiKey is { Length: < 16 }) context.Error("api_key", "is shorter than 16 characters; use a long random key (e.g. openssl rand -hex 32)");
        if (ApiKeyFile is not null && !File.Exists(ApiKeyFile)) context.Error("api_key_file", $"'{ApiKeyFile}' does not exist");
        if (BufferSize is < 1 or > 65536) context.Error("buffer_size", $"must be between 1 and 65536 events, got {BufferSize}; e.g. buffer_size: {DefaultBufferSize}");
        if (MaxTaps is < 1 or > 64) context.Error("max_taps", $"must be between 1 and 64, got {MaxTaps}; e.g. max_taps: 8 (or enabled: false to serve no taps)");
    }

    /// <summary>The key's text, or null when taps need none.</summary>
    public string? ResolveApiKey() => ApiKey ?? (ApiKeyFile is null ? null : File.ReadAllText(ApiKeyFile).Trim());
}
