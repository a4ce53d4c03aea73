using Gateway.Envelope;

namespace Gateway.Testing;

/// <summary>Test data: envelopes with every field filled, changed per test through the optional arguments.</summary>
public static class Some
{
    private static long _sequence;

    public static readonly long BaseTimeUnixNano = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    public static EventEnvelope Envelope(
        string name = "order.placed",
        EventLevel level = EventLevel.Info,
        string service = "checkout",
        string? environment = "production",
        string? sessionId = "sess-1",
        string? message = "Order placed",
        KeyValue[]? attributes = null,
        ErrorInfo? error = null,
        long? timeUnixNano = null,
        string? traceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        EntityRef? actor = null,
        EntityRef? scope = null,
        KeyValue[]? tags = null,
        KeyValue[]? resource = null,
        double? value = null)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        return new EventEnvelope
        {
            Id = new UInt128(0xFEED, (ulong)sequence),
            Name = name,
            TimeUnixNano = timeUnixNano ?? BaseTimeUnixNano + sequence * 1_000_000,
            ObservedTimeUnixNano = timeUnixNano ?? BaseTimeUnixNano + sequence * 1_000_000,
            Level = level,
            SeverityNumber = level switch { EventLevel.Debug => 5, EventLevel.Info => 9, EventLevel.Warn => 13, EventLevel.Error => 17, _ => 21 },
            SeverityText = level.ToName().ToUpperInvariant(),
            Service = service,
            Environment = environment,
            Version = "1.4.2",
            SessionId = sessionId,
            Actor = actor ?? new EntityRef { Type = "user", Id = "u-42" },
            Scope = scope ?? new EntityRef { Type = "tenant", Id = "acme" },
            Attributes = attributes ?? [new KeyValue("ctx.order.id", AttributeValue.FromString("ord-1001")), new KeyValue("http.status_code", AttributeValue.FromLong(200))],
            Error = error,
            Source = new SourceLocation { Causer = "Shop.Checkout", File = "/src/Checkout.cs", Line = 42, Function = "Place" },
            Message = message,
            TraceId = traceId,
            SpanId = traceId is null ? null : "00f067aa0ba902b7",
            Tags = tags ?? [],
            Resource = resource ?? [new KeyValue("host.name", AttributeValue.FromString("web-1")), new KeyValue("telemetry.sdk.language", AttributeValue.FromString("dotnet"))],
            ScopeName = "Shop.Checkout",
            Value = value,
        };
    }

    /// <summary>
    /// The doubles JSON has no literal for, each with the string every writer of the gateway writes for it; rows of
    /// (double, string), as xUnit's MemberData takes them.
    /// </summary>
    public static IEnumerable<object[]> NonFiniteNumbers =>
    [
        [double.NaN, "NaN"],
        [double.PositiveInfinity, "Infinity"],
        [double.NegativeInfinity, "-Infinity"],
    ];

    /// <summary>
    /// An error event carrying <paramref name="number"/> in every place a number can be: <c>value</c>, the sample rate,
    /// an attribute (also inside an array and a map), a tag, the structured body and the resource.
    /// </summary>
    public static EventEnvelope NonFiniteEnvelope(double number, string name = "gauge.read")
    {
        var envelope = Envelope(
            name: name,
            level: EventLevel.Error,
            error: Error(),
            attributes:
            [
                new KeyValue("ratio", AttributeValue.FromDouble(number)),
                new KeyValue("readings", AttributeValue.FromArray([AttributeValue.FromDouble(1.5), AttributeValue.FromDouble(number)])),
                new KeyValue("sensor", AttributeValue.FromMap([new KeyValue("level", AttributeValue.FromDouble(number))])),
            ],
            tags: [new KeyValue("score", AttributeValue.FromDouble(number))],
            resource: [new KeyValue("service.instance.load", AttributeValue.FromDouble(number))],
            value: number);
        envelope.Body = AttributeValue.FromMap([new KeyValue("reading", AttributeValue.FromDouble(number))]);
        envelope.Title = "Gauge read";
        envelope.SampleRate = number;
        return envelope;
    }

    public static ErrorInfo Error(string name = "System.InvalidOperationException", string message = "Card declined", string? stack = null) =>
        new() { Name = name, Message = message, Stack = stack };
}
