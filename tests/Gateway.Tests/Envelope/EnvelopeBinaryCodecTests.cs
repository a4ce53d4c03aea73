using System.Buffers;
using Gateway.Envelope;
using Gateway.Testing;

namespace Gateway.Tests.Envelope;

public sealed class EnvelopeBinaryCodecTests
{
    public static TheoryData<string> Variants => new(VariantsByName.Keys);

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
        ["every attribute kind, nested"] = () => Some.Envelope(attributes:
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
        ]),
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

    private static byte[] Encode(EventEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeBinaryCodec.Write(buffer, envelope);
        return buffer.WrittenSpan.ToArray();
    }
}
