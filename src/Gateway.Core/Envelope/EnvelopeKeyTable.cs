namespace Gateway.Envelope;

/// <summary>
/// Numbers attribute keys for the held form of <see cref="EnvelopeBinaryCodec"/>: keys repeat in nearly every event
/// (session.id, http.route ...) and are a quarter of an event's bytes, so held events write a key's number instead.
/// Numbers are never reused or removed, so every record written with the table stays readable; the table is
/// bounded (<see cref="MaxKeys"/> keys of at most <see cref="MaxKeyLength"/> characters), and past that keys are
/// written in full, which costs bytes, never correctness. Not thread-safe: its owner serialises access.
/// </summary>
public sealed class EnvelopeKeyTable
{
    public const int MaxKeys = 1024;

    public const int MaxKeyLength = 64;

    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    public int Count => _keys.Count;

    /// <summary>The key's number, added if there is room; -1 when the key is to be written in full.</summary>
    public int NumberOf(string key)
    {
        if (_numbers.TryGetValue(key, out var number)) return number;
        if (_keys.Count >= MaxKeys || key.Length > MaxKeyLength) return -1;
        number = _keys.Count;
        _keys.Add(key);
        _numbers.Add(key, number);
        return number;
    }

    /// <summary>The key with that number, or null if the table has no such number (damaged data).</summary>
    public string? KeyAt(ulong number) => number < (ulong)_keys.Count ? _keys[(int)number] : null;
}
