using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Exporters.Chat.Webhook;

/// <summary>
/// <c>sha256=</c> + hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c> with the shared secret. The timestamp (Unix seconds,
/// sent in its own header) is signed with the body so a receiver can refuse replays of old requests.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var timestamp = unixSeconds.ToString(CultureInfo.InvariantCulture);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return Prefix + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Constant-time check, for receivers (and the test double) verifying a request.</summary>
    public static bool Verify(string secret, long unixSeconds, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, unixSeconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
