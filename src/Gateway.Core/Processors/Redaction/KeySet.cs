using Gateway.Matching;
using System.Collections.Frozen;

namespace Gateway.Processors.Redaction;

/// <summary>
/// Key names and globs matched case-insensitively against a whole key and its last dot-separated segment
/// (<c>password</c> matches <c>password</c>, <c>db.password</c> and <c>PASSWORD</c>). Checking a key allocates nothing,
/// and most keys are turned away by a (length, first letter, last letter) filter before any hashing.
/// </summary>
public sealed class KeySet
{
    private const int MaxFilteredLength = 63;

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _names;
    private readonly GlobPattern[] _globs;
    private readonly bool _hasDottedNames;

    // Per name length, a bit per (folded) first and last character; null when a name is too long or not ASCII.
    private readonly uint[]? _firstChars;
    private readonly uint[]? _lastChars;

    public KeySet(IEnumerable<string> patterns)
    {
        var names = new List<string>();
        var globs = new List<GlobPattern>();
        foreach (var pattern in patterns)
        {
            var glob = GlobPattern.Compile(pattern, ignoreCase: true);
            if (!glob.IsLiteral) globs.Add(glob);
            else names.Add(pattern);
        }

        Count = names.Count + globs.Count;
        _names = names.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _globs = [.. globs];
        _hasDottedNames = names.Exists(static n => n.Contains('.', StringComparison.Ordinal));
        if (names.TrueForAll(static n => n.Length is > 0 and <= MaxFilteredLength && System.Text.Ascii.IsValid(n)))
        {
            _firstChars = new uint[MaxFilteredLength + 1];
            _lastChars = new uint[MaxFilteredLength + 1];
            foreach (var name in names)
            {
                _firstChars[name.Length] |= Bit(name[0]);
                _lastChars[name.Length] |= Bit(name[^1]);
            }
        }
    }

    public int Count { get; }

    public bool IsEmpty => Count == 0;

    public bool Contains(string key)
    {
        if (IsEmpty) return false;
        var dot = key.LastIndexOf('.');
        var last = dot >= 0 ? key.AsSpan(dot + 1) : key.AsSpan();
        if (MightBeName(last) && _names.Contains(last)) return true;
        if (dot >= 0 && _hasDottedNames && MightBeName(key) && _names.Contains(key)) return true;
        foreach (var glob in _globs)
        {
            if (glob.IsMatch(key) || (dot >= 0 && glob.IsMatch(last))) return true;
        }

        return false;
    }

    private bool MightBeName(ReadOnlySpan<char> text)
    {
        if (_firstChars is null || _lastChars is null) return true;
        if (text.Length is 0 or > MaxFilteredLength) return false;
        var first = text[0];
        var last = text[^1];

        // A non-ASCII character may still fold to an ASCII one under OrdinalIgnoreCase: let the set decide.
        if (first > 0x7F || last > 0x7F) return true;
        return (_firstChars[text.Length] & Bit(first)) != 0 && (_lastChars[text.Length] & Bit(last)) != 0;
    }

    /// <summary>Upper and lower case of an ASCII letter share a bit; other characters share bits too, which only costs a lookup.</summary>
    private static uint Bit(char c) => 1u << ((c | 0x20) & 31);
}
