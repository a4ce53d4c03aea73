using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>
/// Consistent hashing: each backend owns <see cref="PointsPerBackend"/> points on a 64-bit ring, a key goes to the
/// owner of the first point at or after its hash. A backend joining takes about 1/N of the keys (from every other
/// backend alike) and one leaving hands only its own keys on, so sessions elsewhere stay where they are. Immutable:
/// a change of backends builds a new ring.
/// </summary>
public sealed class HashRing
{
    /// <summary>Enough points that N backends share the ring within a few percent of 1/N each.</summary>
    public const int PointsPerBackend = 160;

    private readonly ulong[] _points;
    private readonly int[] _owners;

    public HashRing(IReadOnlyList<string> backends)
    {
        Backends = backends;
        var points = new List<(ulong Point, int Owner)>(backends.Count * PointsPerBackend);
        for (var b = 0; b < backends.Count; b++)
        {
            for (var i = 0; i < PointsPerBackend; i++) points.Add((Hash($"{backends[b]}#{i}"), b));
        }

        // Ties (practically never) go to the backend that sorts first, so every gateway builds the same ring.
        points.Sort((x, y) => x.Point != y.Point ? x.Point.CompareTo(y.Point) : string.CompareOrdinal(backends[x.Owner], backends[y.Owner]));
        _points = points.ConvertAll(p => p.Point).ToArray();
        _owners = points.ConvertAll(p => p.Owner).ToArray();
    }

    /// <summary>The backends, in the order given (owners are indexes into it).</summary>
    public IReadOnlyList<string> Backends { get; }

    public bool IsEmpty => _points.Length == 0;

    /// <summary>The index in <see cref="Backends"/> of the backend owning <paramref name="key"/>; the ring must not be empty.</summary>
    public int OwnerOf(string key)
    {
        var hash = Hash(key);
        var index = Array.BinarySearch(_points, hash);
        if (index < 0) index = ~index;
        return _owners[index == _points.Length ? 0 : index];
    }

    /// <summary>XxHash64 of the string's UTF-16 code units: stable across processes, machines and versions.</summary>
    public static ulong Hash(string text) => XxHash64.HashToUInt64(MemoryMarshal.AsBytes(text.AsSpan()));
}
