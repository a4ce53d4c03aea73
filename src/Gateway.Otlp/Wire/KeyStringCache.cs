using System.Text;

namespace Gateway.Otlp.Wire;

/// <summary>
/// Attribute keys repeat in every record of a request (session.id, http.route ...): a bounded per-thread set hands
/// back the same string for the same UTF-8 bytes instead of allocating one per record. Bounded so a stream of
/// distinct keys costs at most <see cref="MaxEntries"/> strings per thread; then it starts over.
/// </summary>
internal static class KeyStringCache
{
    private const int MaxEntries = 2048;
    private const int MaxKeyBytes = 128;

    [ThreadStatic]
    private static HashSet<string>? t_keys;

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0) return string.Empty;
        if (utf8.Length > MaxKeyBytes) return ProtoStrings.Decode(utf8);
        Span<char> chars = stackalloc char[MaxKeyBytes];
        var length = ProtoStrings.Decode(utf8, chars);
        var keys = t_keys ??= new HashSet<string>(StringComparer.Ordinal);
        var lookup = keys.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..length], out var known)) return known;
        if (keys.Count >= MaxEntries) keys.Clear();
        var key = new string(chars[..length]);
        keys.Add(key);
        return key;
    }
}
