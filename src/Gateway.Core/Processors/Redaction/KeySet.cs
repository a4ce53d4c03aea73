using System.Collections.Frozen;

namespace Gateway.Processors.Redaction;

/// <summary>
/// Key names and globs matched case-insensitively against a whole key and its last dot-separated segment
/// (<c>password</c> matches <c>password</c>, <c>db.password</c> and <c>PASSWORD</c>). Plain names are one
/// frozen-set lookup over a span, so checking a key allocates nothing.
/// </summary>
public sealed class KeySet
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _names;
    private readonly GlobPattern[] _globs;

    public KeySet(IEnumerable<string> patterns)
    {
        var names = new List<string>();
        var globs = new List<GlobPattern>();
        foreach (var pattern in patterns)
        {
            var glob = new GlobPattern(pattern, ignoreCase: true);
            if (glob.HasWildcards) globs.Add(glob);
            else names.Add(pattern);
        }

        Count = names.Count + globs.Count;
        _names = names.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _globs = [.. globs];
    }

    public int Count { get; }

    public bool IsEmpty => Count == 0;

    public bool Contains(string key)
    {
        if (IsEmpty) return false;
        var dot = key.LastIndexOf('.');
        var last = dot >= 0 ? key.AsSpan(dot + 1) : key.AsSpan();
        if (_names.Contains(key) || (dot >= 0 && _names.Contains(last))) return true;
        foreach (var glob in _globs)
        {
            if (glob.IsMatch(key) || (dot >= 0 && glob.IsMatch(last))) return true;
        }

        return false;
    }
}
