using System.Globalization;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// What one record (or one resource) had cut or replaced, for the envelope's <c>truncated</c> array. The first
/// <see cref="MaxListed"/> distinct marks are listed; the rest are only counted and end the array as one
/// "... and N more" entry, so a record with 100,000 attributes past the limit yields 11 entries, not a 350 KB list.
/// Marking costs at most <see cref="MaxListed"/> comparisons plus, past that, one hash-set lookup: linear in the marks.
/// </summary>
internal sealed class TruncationMarks
{
    public const int MaxListed = 10;
    public const string MorePrefix = "... and ";
    public const string MoreSuffix = " more";

    private readonly List<string> _listed = new(MaxListed);

    // Distinct marks past the listed ones; created only for a record that has more than MaxListed of them.
    private HashSet<string>? _unlisted;

    // Marks counted elsewhere already deduplicated (a resource's unlisted keys, which no record key can equal).
    private long _counted;

    public bool IsEmpty => _listed.Count == 0;

    public void Clear()
    {
        _listed.Clear();
        // A huge set is dropped rather than kept for the rest of the request.
        _unlisted = null;
        _counted = 0;
    }

    public void Mark(string key)
    {
        for (var i = 0; i < _listed.Count; i++)
        {
            if (string.Equals(_listed[i], key, StringComparison.Ordinal)) return;
        }

        if (_listed.Count < MaxListed) _listed.Add(key);
        else (_unlisted ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
    }

    /// <summary>Adds another set's marks (a resource's, to each of its records).</summary>
    public void MarkAll(TruncationMarks other)
    {
        for (var i = 0; i < other._listed.Count; i++) Mark(other._listed[i]);
        _counted += other.UnlistedCount;
    }

    /// <summary>The <c>truncated</c> array: the listed marks, then "... and N more" when some were not listed; null when nothing was marked.</summary>
    public string[]? ToArray()
    {
        if (_listed.Count == 0) return null;
        var unlisted = UnlistedCount;
        if (unlisted == 0) return _listed.ToArray();
        var result = new string[_listed.Count + 1];
        _listed.CopyTo(result);
        result[^1] = MorePrefix + unlisted.ToString(CultureInfo.InvariantCulture) + MoreSuffix;
        return result;
    }

    private long UnlistedCount => (_unlisted?.Count ?? 0) + _counted;
}
