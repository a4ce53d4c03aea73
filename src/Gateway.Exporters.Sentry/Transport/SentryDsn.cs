using System.Diagnostics.CodeAnalysis;

namespace Gateway.Exporters.Sentry.Transport;

/// <summary>
/// A parsed DSN (<c>https://&lt;public_key&gt;@&lt;host&gt;[/&lt;path&gt;]/&lt;project_id&gt;</c>). The SDK's own Dsn type is
/// internal, so the gateway parses the documented form itself and precomputes what every request needs.
/// </summary>
public sealed class SentryDsn
{
    public const string ExpectedForm = "https://<public_key>@<host>/<project_id> (as shown under Project Settings > Client Keys)";

    private SentryDsn(string source, string publicKey, string projectId, Uri envelopeUri, string authHeader)
    {
        Source = source;
        PublicKey = publicKey;
        ProjectId = projectId;
        EnvelopeUri = envelopeUri;
        AuthHeader = authHeader;
    }

    public string Source { get; }

    public string PublicKey { get; }

    public string ProjectId { get; }

    /// <summary>POST target: <c>{scheme}://{host}{path}/api/{project_id}/envelope/</c>.</summary>
    public Uri EnvelopeUri { get; }

    /// <summary>The X-Sentry-Auth value, built once per DSN rather than per request.</summary>
    public string AuthHeader { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out SentryDsn? dsn, out string error)
    {
        dsn = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"is empty; expected {ExpectedForm}";
            return false;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = $"'{Mask(text)}' is not an http(s) URL; expected {ExpectedForm}";
            return false;
        }

        var userInfo = Uri.UnescapeDataString(uri.UserInfo);
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var publicKey = colon < 0 ? userInfo : userInfo[..colon];
        if (publicKey.Length == 0)
        {
            error = $"'{Mask(text)}' has no public key before '@'; expected {ExpectedForm}";
            return false;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        var lastSlash = path.LastIndexOf('/');
        var projectId = lastSlash < 0 ? string.Empty : path[(lastSlash + 1)..];
        if (projectId.Length == 0 || !IsDigits(projectId))
        {
            error = $"'{Mask(text)}' does not end with a numeric project id; expected {ExpectedForm}";
            return false;
        }

        var basePath = path[..lastSlash];
        var envelope = new UriBuilder(uri.Scheme, uri.Host, uri.Port, $"{basePath}/api/{projectId}/envelope/").Uri;
        var auth = $"Sentry sentry_version=7, sentry_client={SentryClientName.Value}, sentry_key={publicKey}";
        dsn = new SentryDsn(text.Trim(), publicKey, projectId, envelope, auth);
        return true;
    }

    /// <summary>The DSN without its key, safe for logs and error messages.</summary>
    public override string ToString() => $"{EnvelopeUri.Scheme}://***@{EnvelopeUri.Authority} (project {ProjectId})";

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }

        return true;
    }

    /// <summary>Keeps the key out of configuration error messages, which end up in logs and terminals.</summary>
    private static string Mask(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && scheme < at ? string.Concat(text.AsSpan(0, scheme + 3), "***", text.AsSpan(at)) : text;
    }
}
