using System.Buffers;
using Gateway.Envelope;
using Gateway.Testing;

namespace Gateway.Tests.Envelope;

public sealed class EnvelopeBinaryCodecTests
{
    public static TheoryData<string> Variants => new(VariantsByName.Keys);

    /// <summary>Attributes of every kind, nested arrays and maps, NaN and infinities, bytes, duplicate keys.</summary>
    internal static KeyValue[] EveryAttributeKind() =>
    [
        new("s", AttributeValue.FromString("text ✓ ü 𝄞")),
        new("empty-string", AttributeValue.FromString("")),
        new("b", AttributeValue.FromBool(true)),
        new("f", AttributeValue.FromBool(false)),
        new("l-min", AttributeValue.FromLong(long.MinValue)),
        new("l-max", AttributeValue.FromLong(long.MaxValue)),
        new("l-neg", AttributeValue.FromLong(-1)),
        new("d", AttributeValue.FromDouble(3.25)),
        new("d-whole", AttributeValue.FromDouble(2.0)),
        new("d-nan", AttributeValue.FromDouble(double.NaN)),
        new("d-inf", AttributeValue.FromDouble(double.NegativeInfinity)),
        new("bytes", AttributeValue.FromBytes([0, 1, 2, 255])),
        new("no-bytes", AttributeValue.FromBytes([])),
        new("empty", AttributeValue.Empty),
        new("array", AttributeValue.FromArray([AttributeValue.FromLong(1), AttributeValue.FromArray([AttributeValue.FromString("deep")]), AttributeValue.Empty])),
        new("map", AttributeValue.FromMap([new("inner", AttributeValue.FromMap([new("x", AttributeValue.FromDouble(-0.5))])), new("list", AttributeValue.FromArray([]))])),
        new("dup", AttributeValue.FromLong(1)),
        new("dup", AttributeValue.FromLong(2)),
    ];

    private static readonly Dictionary<string, Func<EventEnvelope>> VariantsByName = new()
    {
        ["every field of Some.Envelope"] = () => Some.Envelope(),
        ["error with stack, no actor or scope"] = () =>
        {
            var envelope = Some.Envelope(level: EventLevel.Fatal, error: Some.Error(stack: "at A.B()\nat C.D()"));
            envelope.Actor = null;
            envelope.Scope = null;
            envelope.Error!.Message = null;
            return envelope;
        },
        ["every attribute kind, nested"] = () => Some.Envelope(attributes: EveryAttributeKind()),
        ["structured body, value, sample rate, redaction, truncation"] = () =>
        {
            var envelope = new EventEnvelope
            {
                Id = UInt128.MaxValue,
                Name = "metric.sampled",
                Service = "",
                TimeUnixNano = -5,
                ObservedTimeUnixNano = 0,
                Level = EventLevel.Debug,
                SeverityNumber = -3,
                ContextStart = true,
                Value = double.MaxValue,
                Truncated = [],
                Source = new SourceLocation { Line = null, Function = "F" },
                Title = "Title",
                Body = AttributeValue.FromMap([new("k", AttributeValue.FromBytes([9]))]),
                SampleRate = 0.1,
                Redaction = new RedactionSummary { Count = 3, Keys = ["password", "card"] },
                Tags = [new("team", AttributeValue.FromString("payments"))],
            };
            return envelope;
        },
        ["minimal"] = () => new EventEnvelope { Name = "n", Service = "s" },
        ["strings around the one-pass and one-byte-length limits"] = () => Some.Envelope(
            name: new string('€', 42),
            service: new string('€', 43),
            message: new string('x', 126),
            environment: new string('x', 127),
            attributes: [new(new string('k', 128), AttributeValue.FromString(string.Concat(Enumerable.Repeat("𝄞", 21)) + "€"))]),
        ["truncated keys and actor tags"] = () => new EventEnvelope
        {
            Name = "big",
            Service = "svc",
            Truncated = ["attributes.payload", "message"],
            Actor = new EntityRef { Type = "user", Tags = [new("plan", AttributeValue.FromString("pro"))] },
            Body = AttributeValue.FromArray([AttributeValue.FromBool(false)]),
        },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryVariantRoundTripsToAnEqualEnvelope(string variant)
    {
        var original = VariantsByName[variant]();

        var decoded = EnvelopeBinaryCodec.Read(Encode(original));

        Assert.Equal(EnvelopeJson.ToJson(original), EnvelopeJson.ToJson(decoded));
        // JSON writes 2.0 and 2 alike; the kinds themselves must survive too.
        Assert.Equal(original.Attributes, decoded.Attributes);
        Assert.Equal(original.Body, decoded.Body);
        Assert.Equal(original.Tags, decoded.Tags);
        Assert.Equal(original.Resource, decoded.Resource);
        Assert.Equal(original.ObservedTimeUnixNano, decoded.ObservedTimeUnixNano);
        Assert.Equal(original.Truncated, decoded.Truncated);
        Assert.Equal(original.Error?.Code, decoded.Error?.Code);
    }

    [Fact]
    public void EveryCutOfAValidRecordIsReportedAsDamagedNeverAsAnotherException()
    {
        var bytes = Encode(VariantsByName["every attribute kind, nested"]());
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => EnvelopeBinaryCodec.Read(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void FlippedBytesDecodeOrFailAsDamagedNeverOtherwise()
    {
        var bytes = Encode(VariantsByName["every field of Some.Envelope"]());
        var random = new Random(8);
        for (var round = 0; round < 2000; round++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[random.Next(1, damaged.Length)] ^= (byte)(1 << random.Next(8));
            try
            {
                EnvelopeBinaryCodec.Read(damaged);
            }
            catch (InvalidDataException)
            {
                // expected for most flips; the queue's checksum catches them before this anyway
            }
        }
    }

    [Fact]
    public void AnUnknownFormatVersionIsNamedInTheError()
    {
        var bytes = Encode(Some.Envelope());
        bytes[0] = 9;

        var error = Assert.Throws<InvalidDataException>(() => EnvelopeBinaryCodec.Read(bytes));

        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryVariantRoundTripsThroughTheHeldFormExactly(string variant)
    {
        var original = VariantsByName[variant]();
        var keys = new EnvelopeKeyTable();
        var shared = EnvelopeSharedParts.Of(original, previous: null);

        var held = EncodeHeld(original, keys);
        var decoded = EnvelopeBinaryCodec.ReadHeld(held, keys, shared);

        // The queue form writes every field exactly, so equal bytes mean an equal envelope, kinds and NaNs included.
        Assert.Equal(Encode(original), Encode(decoded));
        Assert.Same(original.Resource, decoded.Resource);
        Assert.Equal(original.Level, EnvelopeBinaryCodec.PeekLevel(held));
        Assert.Equal(original.TimeUnixNano, EnvelopeBinaryCodec.PeekTime(held));
    }

    [Fact]
    public void KeysTheTableHasNoRoomForAreWrittenInFull()
    {
        var keys = new EnvelopeKeyTable();
        var filler = new KeyValue[EnvelopeKeyTable.MaxKeys];
        for (var i = 0; i < filler.Length; i++) filler[i] = new($"k{i}", AttributeValue.FromLong(i));
        var first = Some.Envelope(attributes: filler);
        var firstHeld = EncodeHeld(first, keys);
        var tooLong = new string('x', EnvelopeKeyTable.MaxKeyLength + 1);
        var second = Some.Envelope(
            attributes: [new("k7", AttributeValue.FromLong(7)), new("new.key", AttributeValue.FromMap([new("nested.new", AttributeValue.FromBool(true))])), new(tooLong, AttributeValue.FromString("v")), new("", AttributeValue.FromString("empty key"))],
            tags: [new("team", AttributeValue.FromString("payments"))]);

        var secondHeld = EncodeHeld(second, keys);

        Assert.Equal(EnvelopeKeyTable.MaxKeys, keys.Count);
        Assert.Equal(Encode(first), Encode(EnvelopeBinaryCodec.ReadHeld(firstHeld, keys, EnvelopeSharedParts.Of(first, null))));
        Assert.Equal(Encode(second), Encode(EnvelopeBinaryCodec.ReadHeld(secondHeld, keys, EnvelopeSharedParts.Of(second, null))));
    }

    [Fact]
    public void AHeldRecordNumbersItsKeysAndLeavesTheSharedPartsOut()
    {
        var keys = new EnvelopeKeyTable();
        EncodeHeld(Some.Envelope(), keys);
        var envelope = Some.Envelope();

        var held = EncodeHeld(envelope, keys);

        // Keys (ctx.order.id, http.status_code, host.name ...), service, environment, version, scope name, resource.
        Assert.True(held.Length <= Encode(envelope).Length - 80, $"held {held.Length} bytes, queue form {Encode(envelope).Length}");
    }

    [Fact]
    public void EnvelopesShareTheirPartsOnlyWhileResourceAndStringsAreTheSame()
    {
        KeyValue[] resource = [new("host.name", AttributeValue.FromString("web-1"))];
        var first = EnvelopeSharedParts.Of(Some.Envelope(resource: resource), previous: null);

        Assert.Same(first, EnvelopeSharedParts.Of(Some.Envelope(resource: resource), first));
        Assert.NotSame(first, EnvelopeSharedParts.Of(Some.Envelope(resource: [.. resource]), first));
        Assert.NotSame(first, EnvelopeSharedParts.Of(Some.Envelope(resource: resource, service: "billing"), first));
        Assert.NotSame(first, EnvelopeSharedParts.Of(Some.Envelope(resource: resource, environment: null), first));
    }

    [Fact]
    public void AHeldRecordAndAQueueRecordAreNeverReadAsEachOther()
    {
        var envelope = Some.Envelope();
        var keys = new EnvelopeKeyTable();
        var shared = EnvelopeSharedParts.Of(envelope, null);

        Assert.Throws<InvalidDataException>(() => EnvelopeBinaryCodec.Read(EncodeHeld(envelope, keys)));
        Assert.Throws<InvalidDataException>(() => EnvelopeBinaryCodec.ReadHeld(Encode(envelope), keys, shared));
        Assert.Throws<InvalidDataException>(() => EnvelopeBinaryCodec.ReadHeld(EncodeHeld(envelope, keys), new EnvelopeKeyTable(), shared));
    }

    [Fact]
    public void EveryCutOfAHeldRecordIsReportedAsDamaged()
    {
        var envelope = VariantsByName["every attribute kind, nested"]();
        var keys = new EnvelopeKeyTable();
        var bytes = EncodeHeld(envelope, keys);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => EnvelopeBinaryCodec.ReadHeld(bytes.AsSpan(0, length), keys, EnvelopeSharedParts.Of(envelope, null)));
        }
    }

    private static byte[] EncodeHeld(EventEnvelope envelope, EnvelopeKeyTable keys)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeBinaryCodec.WriteHeld(buffer, envelope, keys);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Encode(EventEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeBinaryCodec.Write(buffer, envelope);
        return buffer.WrittenSpan.ToArray();
    }
}
