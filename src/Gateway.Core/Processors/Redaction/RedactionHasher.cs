using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Processors.Redaction;

/// <summary>
/// The <c>hash</c> action: HMAC-SHA256 under the configured key, shown as <c>hash:</c> + 16 hex characters. Keyed,
/// so nobody without the key can confirm a guess (a plain hash of an e-mail is reversed by hashing a list of e-mails).
/// </summary>
public sealed class RedactionHasher(byte[] key)
{
    public const string Prefix = "hash:";
    private const int StackLimit = 512;

    public string Token(ReadOnlySpan<char> value)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        var length = Encoding.UTF8.GetBytes(value, buffer);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, buffer[..length], mac);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        var head = BinaryPrimitives.ReadUInt64BigEndian(mac);
        return string.Create(Prefix.Length + 16, head, static (span, value) =>
        {
            Prefix.CopyTo(span);
            value.TryFormat(span[Prefix.Length..], out _, "x16", CultureInfo.InvariantCulture);
        });
    }
}
