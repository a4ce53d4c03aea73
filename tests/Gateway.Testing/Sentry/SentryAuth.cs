using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Sentry;

/// <summary>Reads the public key as Sentry does: from <c>X-Sentry-Auth: Sentry sentry_key=..., ...</c> or the <c>sentry_key</c> query parameter.</summary>
internal static class SentryAuth
{
    public static string? KeyOf(HttpRequest request)
    {
        var header = request.Headers["X-Sentry-Auth"].ToString();
        if (header.StartsWith("Sentry ", StringComparison.Ordinal))
        {
            foreach (var pair in header["Sentry ".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && pair.AsSpan(0, equals).Trim().SequenceEqual("sentry_key")) return pair[(equals + 1)..].Trim();
            }

            return null;
        }

        return request.Query.TryGetValue("sentry_key", out var key) ? key.ToString() : null;
    }
}
