using System.Runtime.CompilerServices;

namespace Gateway.Envelope;

/// <summary>
/// A typed attribute value (string, long, double, bool, bytes, array, map) without boxing:
/// scalars live in <see cref="_bits"/>, reference payloads in <see cref="_ref"/>.
/// </summary>
public readonly struct AttributeValue : IEquatable<AttributeValue>
{
    private readonly object? _ref;
    private readonly long _bits;

    public AttributeKind Kind { get; }

    private AttributeValue(AttributeKind kind, object? reference, long bits)
    {
        Kind = kind;
        _ref = reference;
        _bits = bits;
    }

    public static AttributeValue Empty => default;

    public static AttributeValue FromString(string value) => new(AttributeKind.String, value, 0);

    public static AttributeValue FromBool(bool value) => new(AttributeKind.Bool, null, value ? 1 : 0);

    public static AttributeValue FromLong(long value) => new(AttributeKind.Long, null, value);

    public static AttributeValue FromDouble(double value) => new(AttributeKind.Double, null, BitConverter.DoubleToInt64Bits(value));

    public static AttributeValue FromBytes(byte[] value) => new(AttributeKind.Bytes, value, 0);

    public static AttributeValue FromArray(AttributeValue[] values) => new(AttributeKind.Array, values, 0);

    public static AttributeValue FromMap(KeyValue[] entries) => new(AttributeKind.Map, entries, 0);

    public bool IsEmpty => Kind == AttributeKind.Empty;

    public string AsString => Kind == AttributeKind.String ? Unsafe.As<string>(_ref!) : throw WrongKind(AttributeKind.String);

    public bool AsBool => Kind == AttributeKind.Bool ? _bits != 0 : throw WrongKind(AttributeKind.Bool);

    public long AsLong => Kind == AttributeKind.Long ? _bits : throw WrongKind(AttributeKind.Long);

    public double AsDouble => Kind == AttributeKind.Double ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind(AttributeKind.Double);

    public byte[] AsBytes => Kind == AttributeKind.Bytes ? Unsafe.As<byte[]>(_ref!) : throw WrongKind(AttributeKind.Bytes);

    public AttributeValue[] AsArray => Kind == AttributeKind.Array ? Unsafe.As<AttributeValue[]>(_ref!) : throw WrongKind(AttributeKind.Array);

    public KeyValue[] AsMap => Kind == AttributeKind.Map ? Unsafe.As<KeyValue[]>(_ref!) : throw WrongKind(AttributeKind.Map);

    public bool TryGetString(out string value)
    {
        if (Kind == AttributeKind.String)
        {
            value = Unsafe.As<string>(_ref!);
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>Reads a number whether it was sent as long or double (OTLP senders disagree on which).</summary>
    public bool TryGetNumber(out double value)
    {
        switch (Kind)
        {
            case AttributeKind.Long:
                value = _bits;
                return true;
            case AttributeKind.Double:
                value = BitConverter.Int64BitsToDouble(_bits);
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>The value as text for matching and display: strings as-is, scalars in invariant culture, composites as JSON.</summary>
    public override string ToString() => Kind switch
    {
        AttributeKind.Empty => string.Empty,
        AttributeKind.String => Unsafe.As<string>(_ref!),
        AttributeKind.Bool => _bits != 0 ? "true" : "false",
        AttributeKind.Long => _bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AttributeKind.Double => FormatDouble(BitConverter.Int64BitsToDouble(_bits)),
        AttributeKind.Bytes => Convert.ToBase64String(Unsafe.As<byte[]>(_ref!)),
        _ => EnvelopeJson.ValueToJson(this),
    };

    public bool Equals(AttributeValue other)
    {
        if (Kind != other.Kind) return false;
        return Kind switch
        {
            AttributeKind.Empty => true,
            AttributeKind.String => string.Equals(Unsafe.As<string>(_ref!), Unsafe.As<string>(other._ref!), StringComparison.Ordinal),
            AttributeKind.Bool or AttributeKind.Long or AttributeKind.Double => _bits == other._bits,
            AttributeKind.Bytes => AsBytes.AsSpan().SequenceEqual(other.AsBytes),
            AttributeKind.Array => AsArray.AsSpan().SequenceEqual(other.AsArray),
            AttributeKind.Map => AsMap.AsSpan().SequenceEqual(other.AsMap),
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is AttributeValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, _bits, _ref is string s ? s.GetHashCode(StringComparison.Ordinal) : 0);

    public static bool operator ==(AttributeValue left, AttributeValue right) => left.Equals(right);

    public static bool operator !=(AttributeValue left, AttributeValue right) => !left.Equals(right);

    /// <summary>Non-finite values read as they are written in JSON (<see cref="JsonDoubles"/>), so a chat line and the stored document agree.</summary>
    private static string FormatDouble(double value) =>
        double.IsFinite(value) ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : JsonDoubles.NonFiniteText(value);

    private InvalidOperationException WrongKind(AttributeKind wanted) => new($"Attribute value is {Kind}, not {wanted}.");
}
