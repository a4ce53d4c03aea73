using System.Net.Http.Headers;
using System.Text;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>The Authorization header for API key (<c>ApiKey base64(id:key)</c>), basic or bearer authentication.</summary>
public static class AuthorizationHeader
{
    public static AuthenticationHeaderValue? Create(string? apiKey, string? username, string? password, string? bearerToken)
    {
        if (apiKey is not null) return new AuthenticationHeaderValue("ApiKey", EncodeApiKey(apiKey));
        if (username is not null && password is not null)
        {
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        }

        return bearerToken is null ? null : new AuthenticationHeaderValue("Bearer", bearerToken);
    }

    /// <summary>Either the encoded form Elasticsearch returns (base64 of id:key) or id:key itself.</summary>
    public static bool IsUsableApiKey(string apiKey)
    {
        if (apiKey.Length == 0 || apiKey.Contains(' ', StringComparison.Ordinal)) return false;
        if (apiKey.Contains(':', StringComparison.Ordinal)) return true;
        Span<byte> decoded = stackalloc byte[apiKey.Length];
        return Convert.TryFromBase64String(apiKey, decoded, out var written) && decoded[..written].IndexOf((byte)':') > 0;
    }

    private static string EncodeApiKey(string apiKey) =>
        apiKey.Contains(':', StringComparison.Ordinal) ? Convert.ToBase64String(Encoding.UTF8.GetBytes(apiKey)) : apiKey;
}
