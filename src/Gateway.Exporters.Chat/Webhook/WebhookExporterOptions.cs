using Gateway.Configuration;

namespace Gateway.Exporters.Chat.Webhook;

/// <summary>The <c>webhook</c> exporter: a JSON POST of the envelope (or summary) to any URL, optionally signed.</summary>
public sealed class WebhookExporterOptions : ChatExporterOptions
{
    /// <summary>Extra request headers, e.g. an API key the receiver expects.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Shared secret for the HMAC-SHA256 signature; no signature header when unset.</summary>
    public string? Secret { get; set; }

    public string SignatureHeader { get; set; } = "X-Gateway-Signature";

    public string TimestampHeader { get; set; } = "X-Gateway-Timestamp";

    protected override string UrlExample => "https://hooks.example.com/gateway";

    public override void Validate(OptionsValidationContext context)
    {
        base.Validate(context);
        foreach (var name in Headers.Keys)
        {
            if (!IsToken(name)) context.Error("headers", $"'{name}' is not a valid header name; use letters, digits and '-', e.g. X-Api-Key");
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.Error("headers", $"'{name}' is set by the exporter (the body is always application/json); remove it");
            }
        }

        if (Secret is { Length: < 16 }) context.Error("secret", "use at least 16 characters (e.g. from ${env:WEBHOOK_SECRET}), or remove it to send unsigned");
        if (!IsToken(SignatureHeader)) context.Error("signature_header", $"'{SignatureHeader}' is not a valid header name, e.g. X-Gateway-Signature");
        if (!IsToken(TimestampHeader)) context.Error("timestamp_header", $"'{TimestampHeader}' is not a valid header name, e.g. X-Gateway-Timestamp");
    }

    private static bool IsToken(string name)
    {
        if (name.Length == 0) return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_') return false;
        }

        return true;
    }
}
