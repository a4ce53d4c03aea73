using System.IO.Hashing;

namespace Gateway.Otlp.Wire;

/// <summary>
/// Attribute keys repeat in every record of a request (session.id, http.route ...): a small per-thread table keyed
/// by the key's UTF-8 bytes hands back the same string instead of decoding and allocating one per record. A slot
/// holds the last key that hashed to it, so distinct keys cost at most <see cref="Slots"/> strings per thread.
/// </summary>
internal static class KeyStringCache
{
    private const int Slots = 1024;
    private const int MaxKeyBytes = 128;
    private const string KeyField = "an attribute key";

    [ThreadStatic]
    private static Entry[]? t_entries;

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0) return string.Empty;
        if (utf8.Length > MaxKeyBytes) return ProtoStrings.Decode(utf8, KeyField);
        var entries = t_entries ??= new Entry[Slots];
        ref var entry = ref entries[(int)(XxHash3.HashToUInt64(utf8) & (Slots - 1))];
        if (entry.Utf8 is { } known && utf8.SequenceEqual(known)) return entry.Value!;
        var value = ProtoStrings.Decode(utf8, KeyField);
        entry = new Entry(utf8.ToArray(), value);
        return value;
    }

    private readonly record struct Entry(byte[]? Utf8, string? Value);
}
