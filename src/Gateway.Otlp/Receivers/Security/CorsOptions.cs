using Gateway.Configuration;

namespace Gateway.Otlp.Receivers.Security;

/// <summary>
/// The <c>cors:</c> block of the HTTP protocol, as the collector's: for browser SDKs posting OTLP/JSON. Origins may use
/// a wildcard subdomain (<c>https://*.example.com</c>); <c>*</c> allows any origin but never with credentials.
/// </summary>
public sealed class CorsOptions : IValidatableOptions
{
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Headers a browser may send besides the CORS-safelisted ones (Content-Type, Content-Encoding and the auth header are always allowed).</summary>
    public List<string> AllowedHeaders { get; set; } = [];

    /// <summary>How long a browser may cache a preflight answer.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(2);

    public bool AllowCredentials { get; set; }

    public bool Enabled => AllowedOrigins.Count > 0;

    public void Validate(OptionsValidationContext context)
    {
        if (AllowedOrigins.Count == 0) context.Error("allowed_origins", "list the origins browsers may send from, e.g. allowed_origins: [ https://app.example.com, https://*.example.com ]");
        if (MaxAge < TimeSpan.Zero) context.Error("max_age", $"must not be negative, got {MaxAge}");
        if (AllowCredentials && AllowedOrigins.Contains("*"))
        {
            context.Error("allowed_origins", "'*' cannot be combined with allow_credentials: true (browsers refuse it); list the origins, e.g. https://*.example.com");
        }

        foreach (var origin in AllowedOrigins)
        {
            if (origin == "*") continue;
            var concrete = origin.Replace("://*.", "://x.", StringComparison.Ordinal);
            if (!Uri.TryCreate(concrete, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || concrete.EndsWith('/'))
            {
                context.Error("allowed_origins", $"'{origin}' is not an origin; write scheme://host[:port] with no path, e.g. https://app.example.com or https://*.example.com");
            }
        }
    }
}
