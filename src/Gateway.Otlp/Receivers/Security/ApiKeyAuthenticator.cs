using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Otlp.Receivers.Security;

/// <summary>
/// Checks a presented key against the configured ones in constant time: every key is compared (no early exit) as a
/// SHA-256 digest, so neither the position of the first wrong character nor a key's length shows in the timing.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private readonly (byte[] Digest, ApiKeyIdentity Identity)[] _keys;

    public ApiKeyAuthenticator(ReceiverAuthOptions options)
    {
        Header = options.Header;
        _keys = new (byte[], ApiKeyIdentity)[options.Keys.Count];
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            _keys[i] = (SHA256.HashData(Encoding.UTF8.GetBytes(key.ResolveKey())), new ApiKeyIdentity(key.Name ?? $"key-{i}", key.Scope?.Type, key.Scope?.Id));
        }
    }

    public string Header { get; }

    /// <summary>Finds the identity of a header value (<c>Bearer KEY</c>, <c>ApiKey KEY</c> or the bare key); null when none matches.</summary>
    public ApiKeyIdentity? Authenticate(string? headerValue)
    {
        if (string.IsNullOrEmpty(headerValue)) return null;
        var presented = StripScheme(headerValue.AsSpan().Trim());
        if (presented.IsEmpty) return null;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(presented.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(presented, rented);
            SHA256.HashData(rented.AsSpan(0, length), digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }

        ApiKeyIdentity? found = null;
        foreach (var (keyDigest, identity) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, keyDigest)) found = identity;
        }

        return found;
    }

    private static ReadOnlySpan<char> StripScheme(ReadOnlySpan<char> value)
    {
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return value[7..].Trim();
        if (value.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)) return value[7..].Trim();
        return value;
    }
}
