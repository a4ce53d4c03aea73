using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Testing.Otlp;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using static Gateway.Testing.Otlp.OtlpRequests;
using EnvelopeKeyValue = Gateway.Envelope.KeyValue;

namespace Gateway.Tests.Otlp;

/// <summary>One test per row of the mapping table in docs/receiver.md, alternates included.</summary>
public sealed class EnvelopeMapperTests
{
    private const string TraceHex = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanHex = "00f067aa0ba902b7";
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    // ---- name ----

    [Fact]
    public void NameComesFromEventNameFirstAndAnEventNameAttributeThatLostStaysAnAttribute()
    {
        var record = Record("x", Attr("event.name", "from.attribute"));
        record.EventName = "order.placed";
        var envelope = MapOne(record);
        Assert.Equal("order.placed", envelope.Name);
        Assert.Equal("from.attribute", Attribute(envelope, "event.name").AsString);
    }

    [Fact]
    public void NameFallsBackToTheEventNameAttributeThenTheScopeNameThenLog()
    {
        Assert.Equal("from.attribute", MapOne(Record("x", Attr("event.name", "from.attribute"))).Name);
        Assert.Equal("Shop.Checkout", MapOne(Record("x")).Name);
        Assert.Equal("log", Map(Logs([Record("x")], scopeName: "")).Single().Name);
    }

    // ---- time ----

    [Fact]
    public void TimeIsTheRecordTimeThenTheObservedTimeThenTheReceiveTime()
    {
        var record = Record();
        record.TimeUnixNano = 1_795_000_000_123_456_789;
        Assert.Equal(1_795_000_000_123_456_789, MapOne(record).TimeUnixNano);
        var seconds = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(seconds + ".123456789Z", EnvelopeTime.Format(MapOne(record).TimeUnixNano)); // nanoseconds survive

        record.TimeUnixNano = 0;
        record.ObservedTimeUnixNano = 1_795_000_000_000_000_001;
        Assert.Equal(1_795_000_000_000_000_001, MapOne(record).TimeUnixNano);

        record.ObservedTimeUnixNano = 0;
        var envelope = MapOne(record);
        Assert.Equal(ReceivedAt.ToUnixTimeMilliseconds() * 1_000_000, envelope.TimeUnixNano);
        Assert.Equal(envelope.TimeUnixNano, envelope.ObservedTimeUnixNano);
    }

    /// <summary>2^63 ns and beyond do not fit the envelope's signed nanoseconds; cast, they wrapped to 1677 or 1969.</summary>
    [Theory]
    [InlineData(9_223_372_036_854_775_808ul)]
    [InlineData(ulong.MaxValue)]
    public void ATimePastTheEnvelopesRangeIsReplacedByTheObservedTimeAndMarked(ulong outOfRange)
    {
        var record = Record();
        record.TimeUnixNano = outOfRange;
        var envelope = MapOne(record);
        Assert.Equal((long)record.ObservedTimeUnixNano, envelope.TimeUnixNano);
        Assert.Equal((long)record.ObservedTimeUnixNano, envelope.ObservedTimeUnixNano);
        Assert.Equal(["time_unix_nano (out of range: replaced by the observed time)"], envelope.Truncated!);
    }

    [Fact]
    public void AnObservedTimePastTheRangeIsReplacedByTheReceiveTimeAndSoIsATimeThatWouldFallBackToIt()
    {
        var receivedAt = ReceivedAt.ToUnixTimeMilliseconds() * 1_000_000;
        var record = Record();
        record.ObservedTimeUnixNano = ulong.MaxValue;
        var keptTime = MapOne(record);
        Assert.Equal((long)record.TimeUnixNano, keptTime.TimeUnixNano);
        Assert.Equal(receivedAt, keptTime.ObservedTimeUnixNano);
        Assert.Equal(["observed_time_unix_nano (out of range: replaced by the receive time)"], keptTime.Truncated!);

        record.TimeUnixNano = 1ul << 63;
        var both = MapOne(record);
        Assert.Equal(receivedAt, both.TimeUnixNano);
        Assert.Equal(receivedAt, both.ObservedTimeUnixNano);
        Assert.Equal(["observed_time_unix_nano (out of range: replaced by the receive time)", "time_unix_nano (out of range: replaced by the receive time)"], both.Truncated!);

        // The last time the envelope can hold is kept as sent.
        record.TimeUnixNano = long.MaxValue;
        Assert.Equal(long.MaxValue, MapOne(record).TimeUnixNano);
        Assert.Equal("2262-04-11T23:47:16.854775807Z", EnvelopeTime.Format(long.MaxValue));
    }

    // ---- level ----

    [Fact]
    public void LevelFollowsTheSeverityAndBothSeverityFieldsAreKeptAsSent()
    {
        var record = Record();
        record.SeverityNumber = SeverityNumber.Warn2;
        record.SeverityText = "Warning";
        var envelope = MapOne(record);
        Assert.Equal(EventLevel.Warn, envelope.Level);
        Assert.Equal(14, envelope.SeverityNumber);
        Assert.Equal("Warning", envelope.SeverityText);

        record.SeverityNumber = SeverityNumber.Unspecified;
        record.SeverityText = "CRIT";
        Assert.Equal(EventLevel.Fatal, MapOne(record).Level);
    }

    // ---- service, environment, version, resource ----

    [Fact]
    public void ServiceEnvironmentAndVersionComeFromTheResourceAndTheRestStaysInResource()
    {
        var envelope = MapOne(Record(), [Attr("service.name", "checkout"), Attr("service.version", "1.4.2"), Attr("deployment.environment.name", "production"), Attr("host.name", "web-1")]);
        Assert.Equal("checkout", envelope.Service);
        Assert.Equal("1.4.2", envelope.Version);
        Assert.Equal("production", envelope.Environment);
        var resource = Assert.Single(envelope.Resource);
        Assert.Equal("host.name", resource.Key);
        Assert.Equal("web-1", resource.Value.AsString);
    }

    [Fact]
    public void EnvironmentFallsBackToTheOlderKeyThenTheConfiguredDefault()
    {
        Assert.Equal("legacy", MapOne(Record(), [Attr("service.name", "a"), Attr("deployment.environment", "legacy")]).Environment);
        Assert.Equal("configured", MapOne(Record(), [Attr("service.name", "a")], new EnvelopeOptions { DefaultEnvironment = "configured" }).Environment);
        Assert.Null(MapOne(Record(), [Attr("service.name", "a")]).Environment);
    }

    [Fact]
    public void WhenBothEnvironmentKeysAreSentTheNewOneWinsAndTheOlderOneStaysVisible()
    {
        var envelope = MapOne(Record(), [Attr("deployment.environment", "legacy"), Attr("deployment.environment.name", "current")]);
        Assert.Equal("current", envelope.Environment);
        Assert.Equal("legacy", Assert.Single(envelope.Resource, kv => kv.Key == "deployment.environment").Value.AsString);
    }

    [Fact]
    public void ResourceValuesAreBoundedAndMarkedWithTheirResourceKey()
    {
        var envelope = MapOne(Record(), [Attr("service.name", "a"), Attr("k8s.pod.labels", new string('l', 40))], new EnvelopeOptions { MaxAttributeValueLength = 16 });
        Assert.Equal(new string('l', 16), Assert.Single(envelope.Resource).Value.AsString);
        Assert.Equal(["resource.k8s.pod.labels"], envelope.Truncated!);
    }

    [Fact]
    public void WithoutServiceNameTheServiceIsUnknownService()
    {
        Assert.Equal("unknown_service", MapOne(Record(), [Attr("host.name", "web-1")]).Service);
        Assert.Equal("unknown_service", Map(Logs([Record()], resource: [])).Single().Service);
    }

    // ---- sessionId, contextStart ----

    [Fact]
    public void SessionIdComesFromSessionIdThenContextIdThenTheTraceId()
    {
        var both = MapOne(WithIds(Record("x", Attr("session.id", "s-1"), Attr("context.id", "c-1"))));
        Assert.Equal("s-1", both.SessionId);
        Assert.Equal("c-1", Attribute(both, "context.id").AsString);
        Assert.Equal("c-1", MapOne(WithIds(Record("x", Attr("context.id", "c-1")))).SessionId);
        Assert.Equal(TraceHex, MapOne(WithIds(Record("x"))).SessionId);
        Assert.Null(MapOne(Record("x")).SessionId);
    }

    [Fact]
    public void ContextStartIsSetWhenTheAttributeIsTrue()
    {
        var started = MapOne(Record("x", Attr("context.start", true)));
        Assert.True(started.ContextStart);
        Assert.Empty(started.Attributes);
        Assert.False(MapOne(Record("x", Attr("context.start", false))).ContextStart);
        Assert.False(MapOne(Record("x")).ContextStart);
    }

    // ---- actor ----

    [Fact]
    public void ActorComesFromTheActorAttributesWithTags()
    {
        var envelope = MapOne(Record("x", Attr("actor.type", "service"), Attr("actor.id", "billing"), Attr("actor.tags.team", "payments"), Attr("user.id", "u-1")));
        Assert.Equal("service", envelope.Actor!.Type);
        Assert.Equal("billing", envelope.Actor.Id);
        Assert.Equal(new EnvelopeKeyValue("team", AttributeValue.FromString("payments")), Assert.Single(envelope.Actor.Tags));
        Assert.Equal("u-1", Attribute(envelope, "user.id").AsString);
    }

    [Fact]
    public void ActorFallsBackToUserIdThenEnduserIdAsAUser()
    {
        var user = MapOne(Record("x", Attr("user.id", "u-1"), Attr("enduser.id", "e-1")));
        Assert.Equal("user", user.Actor!.Type);
        Assert.Equal("u-1", user.Actor.Id);
        Assert.Equal("e-1", Attribute(user, "enduser.id").AsString);
        var enduser = MapOne(Record("x", Attr("enduser.id", "e-1")));
        Assert.Equal("user", enduser.Actor!.Type);
        Assert.Equal("e-1", enduser.Actor.Id);
        Assert.Null(MapOne(Record("x")).Actor);
    }

    [Fact]
    public void AnActorIdWithoutTypeIsOfUnknownTypeAndNumericIdsBecomeText()
    {
        var envelope = MapOne(Record("x", Attr("actor.id", 42L)));
        Assert.Equal("unknown", envelope.Actor!.Type);
        Assert.Equal("42", envelope.Actor.Id);
    }

    // ---- scope ----

    [Fact]
    public void ScopeComesFromTheScopeAttributesWithTags()
    {
        var envelope = MapOne(Record("x", Attr("scope.type", "project"), Attr("scope.id", "p-9"), Attr("scope.tags.plan", "gold"), Attr("tenant.id", "acme")));
        Assert.Equal("project", envelope.Scope!.Type);
        Assert.Equal("p-9", envelope.Scope.Id);
        Assert.Equal(new EnvelopeKeyValue("plan", AttributeValue.FromString("gold")), Assert.Single(envelope.Scope.Tags));
        Assert.Equal("acme", Attribute(envelope, "tenant.id").AsString);
    }

    [Fact]
    public void ScopeFallsBackToTenantIdThenOrganizationId()
    {
        var tenant = MapOne(Record("x", Attr("tenant.id", "acme"), Attr("organization.id", "org-1")));
        Assert.Equal("tenant", tenant.Scope!.Type);
        Assert.Equal("acme", tenant.Scope.Id);
        Assert.Equal("org-1", Attribute(tenant, "organization.id").AsString);
        var organization = MapOne(Record("x", Attr("organization.id", "org-1")));
        Assert.Equal("organization", organization.Scope!.Type);
        Assert.Equal("org-1", organization.Scope.Id);
        Assert.Null(MapOne(Record("x")).Scope);
    }

    // ---- error ----

    [Fact]
    public void ErrorComesFromTheExceptionAttributes()
    {
        var envelope = MapOne(Record("x", Attr("exception.type", "TimeoutException"), Attr("exception.message", "took too long"),
            Attr("exception.code", "E42"), Attr("exception.stacktrace", "at A.B()"), Attr("error.code", "other"), Attr("error.type", "timeout")));
        Assert.Equal("TimeoutException", envelope.Error!.Name);
        Assert.Equal("took too long", envelope.Error.Message);
        Assert.Equal("E42", envelope.Error.Code);
        Assert.Equal("at A.B()", envelope.Error.Stack);
        Assert.Equal("other", Attribute(envelope, "error.code").AsString);
        Assert.Equal("timeout", Attribute(envelope, "error.type").AsString);
    }

    [Fact]
    public void ErrorNameFallsBackToErrorTypeAndCodeToErrorCode()
    {
        var envelope = MapOne(Record("x", Attr("error.type", "timeout"), Attr("error.code", 504L)));
        Assert.Equal("timeout", envelope.Error!.Name);
        Assert.Equal("504", envelope.Error.Code);
        Assert.Null(envelope.Error.Message);
    }

    [Fact]
    public void ErrorIsAbsentWhenNoErrorAttributeIsSent()
    {
        Assert.Null(MapOne(Record("x", Attr("http.status_code", 500L))).Error);
    }

    // ---- source ----

    [Fact]
    public void SourceComesFromTheScopeNameAndTheCurrentCodeAttributes()
    {
        var envelope = MapOne(Record("x", Attr("code.file.path", "/src/Checkout.cs"), Attr("code.line.number", 42L), Attr("code.function.name", "Place"), Attr("code.namespace", "Shop")));
        Assert.Equal("Shop.Checkout", envelope.Source!.Causer);
        Assert.Equal("/src/Checkout.cs", envelope.Source.File);
        Assert.Equal(42, envelope.Source.Line);
        Assert.Equal("Place", envelope.Source.Function);
        Assert.Equal("Shop", Attribute(envelope, "code.namespace").AsString);
    }

    [Fact]
    public void SourceFallsBackToCodeNamespaceAndTheOlderCodeAttributes()
    {
        var envelope = Map(Logs([Record("x", Attr("code.namespace", "Shop.Legacy"), Attr("code.filepath", "/src/Old.cs"), Attr("code.lineno", "7"), Attr("code.function", "Run"))], scopeName: "")).Single();
        Assert.Equal("Shop.Legacy", envelope.Source!.Causer);
        Assert.Equal("/src/Old.cs", envelope.Source.File);
        Assert.Equal(7, envelope.Source.Line);
        Assert.Equal("Run", envelope.Source.Function);
        Assert.Empty(envelope.Attributes);
    }

    // ---- attributes ----

    [Fact]
    public void AttributesKeepTheirKeysAsSentAndTheirTypes()
    {
        var nested = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("sku", "A-1"), Attr("qty", 2L) } } };
        var array = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = 1 } } } };
        var bytes = new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) };
        var envelope = MapOne(Record("x", Attr("ctx.order.id", "ord-1"), Attr("count", 3L), Attr("ratio", 0.5), Attr("paid", true), Attr("item", nested), Attr("list", array), Attr("raw", bytes)));
        Assert.Equal("ord-1", Attribute(envelope, "ctx.order.id").AsString);
        Assert.Equal(3, Attribute(envelope, "count").AsLong);
        Assert.Equal(0.5, Attribute(envelope, "ratio").AsDouble);
        Assert.True(Attribute(envelope, "paid").AsBool);
        Assert.Equal("""{"sku":"A-1","qty":2}""", EnvelopeJson.ValueToJson(Attribute(envelope, "item")));
        Assert.Equal("""["a",1]""", EnvelopeJson.ValueToJson(Attribute(envelope, "list")));
        Assert.Equal("\"AQID\"", EnvelopeJson.ValueToJson(Attribute(envelope, "raw")));
        Assert.Null(envelope.Truncated);
    }

    [Fact]
    public void ALongStringIsCutAndItsKeyMarkedAsTruncated()
    {
        var envelope = MapOne(Record("x", Attr("note", new string('a', 100))), options: new EnvelopeOptions { MaxAttributeValueLength = 16 });
        Assert.Equal(new string('a', 16), Attribute(envelope, "note").AsString);
        Assert.Equal(["note"], envelope.Truncated!);
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsReplacedByAMarker()
    {
        var inner = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("c", "deep") } } };
        var middle = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("b", inner) } } };
        var outer = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("a", middle) } } };
        var envelope = MapOne(Record("x", Attr("tree", outer)), options: new EnvelopeOptions { MaxAttributeDepth = 2 });
        Assert.Equal("""{"a":{"b":"[truncated: nested too deep]"}}""", EnvelopeJson.ValueToJson(Attribute(envelope, "tree")));
        Assert.Equal(["tree"], envelope.Truncated!);
    }

    [Fact]
    public void AttributesPastTheLimitAreDroppedButListedAsTruncated()
    {
        var envelope = MapOne(Record("x", Attr("a", 1L), Attr("b", 2L), Attr("c", 3L)), options: new EnvelopeOptions { MaxAttributes = 2 });
        Assert.Equal(["a", "b"], envelope.Attributes.Select(a => a.Key));
        Assert.Equal(["c"], envelope.Truncated!);
    }

    [Fact]
    public void TruncatedListsTheFirstTenKeysAndCountsTheRestHoweverManyAreCut()
    {
        var record = Record("wide");
        for (var i = 0; i < 40_000; i++) record.Attributes.Add(Attr("attribute." + i, i));
        record.DroppedAttributesCount = 3;
        record.TimeUnixNano = ulong.MaxValue;

        var envelope = MapOne(record, options: new EnvelopeOptions { MaxAttributes = 256 });

        Assert.Equal(256, envelope.Attributes.Length);
        // Marks about the whole record come first, so the flood of cut keys cannot hide them.
        Assert.Equal([
            "time_unix_nano (out of range: replaced by the observed time)", "attributes (3 dropped by the sender)",
            .. Enumerable.Range(256, 8).Select(i => "attribute." + i), "... and 39736 more"], envelope.Truncated!);
    }

    [Fact]
    public void AKeyCutSeveralTimesIsCountedOnceWhetherListedOrNot()
    {
        var longText = new AnyValue { StringValue = new string('x', 40) };
        var longList = new AnyValue { ArrayValue = new ArrayValue { Values = { longText, longText, longText } } };
        Gateway.Otlp.Proto.Common.V1.KeyValue[] attributes = [.. Enumerable.Range(0, 10).Select(i => Attr("listed." + i, longList)), Attr("repeated", longText), Attr("repeated", longList), Attr("listed.0", longText)];

        var envelope = MapOne(Record("x", attributes), [Attr("service.name", "a"), Attr("host.labels", longText)], new EnvelopeOptions { MaxAttributeValueLength = 16 });

        // Ten keys listed (each once, though three strings of each were cut), then "repeated" and the resource's key.
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => "listed." + i), "... and 2 more"], envelope.Truncated!);
    }

    /// <summary>
    /// Dropping attributes once compared each cut key with every key cut before it: quadratic, 11-21 s for 100,000
    /// attributes. Timing one wide record against ten narrow ones holding the same attributes in total compares like
    /// with like on whatever machine runs it: linear work costs the same, quadratic work ten times more.
    /// </summary>
    [Fact]
    public void DroppingAttributesCostsAsMuchInOneWideRecordAsInTenRecordsOfATenthOfTheWidth()
    {
        const int Total = 50_000;
        var wide = Logs([WithAttributes(Record("wide"), 0, Total)]).ToByteArray();
        var narrow = Logs(Enumerable.Range(0, 10).Select(r => WithAttributes(Record("narrow"), r * (Total / 10), Total / 10))).ToByteArray();
        var mapper = Mapper();
        var output = new List<EventEnvelope>();

        var wideTime = Fastest(() => mapper.Map(wide, output));
        var narrowTime = Fastest(() => mapper.Map(narrow, output));

        // A ratio of the same work on the same machine, the fastest of five runs each: the quadratic version was 18x
        // here, the linear one about 1x, so 6x fails only on a regression, not on a busy machine.
        Assert.True(wideTime < narrowTime * 6, $"one record of {Total} attributes took {wideTime.TotalMilliseconds:F0} ms, ten of {Total / 10} took {narrowTime.TotalMilliseconds:F0} ms");
        Assert.Equal(11, output[^1].Truncated!.Length);

        static LogRecord WithAttributes(LogRecord record, int first, int count)
        {
            for (var i = first; i < first + count; i++) record.Attributes.Add(Attr("attribute." + i, "value"));
            return record;
        }

        TimeSpan Fastest(Action map)
        {
            var fastest = TimeSpan.MaxValue;
            for (var run = 0; run < 5; run++)
            {
                output.Clear();
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                map();
                var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (elapsed < fastest) fastest = elapsed;
            }

            return fastest;
        }
    }

    [Fact]
    public void AttributesTheSenderDroppedAreReportedAsTruncated()
    {
        var record = Record("x");
        record.DroppedAttributesCount = 4;
        Assert.Equal(["attributes (4 dropped by the sender)"], MapOne(record).Truncated!);
    }

    // ---- extras ----

    [Fact]
    public void AStringBodyIsTheMessageAndAnyOtherBodyIsKeptStructured()
    {
        var text = MapOne(Record("Order placed"));
        Assert.Equal("Order placed", text.Message);
        Assert.True(text.Body.IsEmpty);

        var record = Record();
        record.Body = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("order", "ord-1") } } };
        var structured = MapOne(record);
        Assert.Null(structured.Message);
        Assert.Equal("""{"order":"ord-1"}""", EnvelopeJson.ValueToJson(structured.Body));
    }

    [Fact]
    public void TitleValueAndTagsComeFromTheirAttributes()
    {
        var envelope = MapOne(Record("x", Attr("event.title", "Order placed"), Attr("event.value", 99.5), Attr("tags.region", "eu"), Attr("tags.tier", 2L)));
        Assert.Equal("Order placed", envelope.Title);
        Assert.Equal(99.5, envelope.Value);
        Assert.Equal([new EnvelopeKeyValue("region", AttributeValue.FromString("eu")), new EnvelopeKeyValue("tier", AttributeValue.FromLong(2))], envelope.Tags);
        Assert.Empty(envelope.Attributes);
        Assert.Equal(3, MapOne(Record("x", Attr("event.value", 3L))).Value);
    }

    [Fact]
    public void ANonNumericEventValueStaysAnAttribute()
    {
        var envelope = MapOne(Record("x", Attr("event.value", "lots")));
        Assert.Null(envelope.Value);
        Assert.Equal("lots", Attribute(envelope, "event.value").AsString);
    }

    [Fact]
    public void TraceAndSpanIdsAreLowerCaseHexAndAllZeroIdsAreAbsent()
    {
        var envelope = MapOne(WithIds(Record()));
        Assert.Equal(TraceHex, envelope.TraceId);
        Assert.Equal(SpanHex, envelope.SpanId);

        var zero = Record();
        zero.TraceId = ByteString.CopyFrom(new byte[16]);
        zero.SpanId = ByteString.CopyFrom(new byte[8]);
        Assert.Null(MapOne(zero).TraceId);
        Assert.Null(MapOne(zero).SpanId);
    }

    [Fact]
    public void ScopeNameAndVersionAreKept()
    {
        var envelope = MapOne(Record());
        Assert.Equal("Shop.Checkout", envelope.ScopeName);
        Assert.Equal("2.0.0", envelope.ScopeVersion);
    }

    // ---- ids and validation ----

    [Fact]
    public void TheSameRecordGetsTheSameIdAndDifferentRecordsOrResourcesDifferentIds()
    {
        var first = MapOne(Record("a"));
        Assert.Equal(first.Id, MapOne(Record("a")).Id);
        Assert.NotEqual(first.Id, MapOne(Record("b")).Id);
        Assert.NotEqual(first.Id, MapOne(Record("a"), [Attr("service.name", "other")]).Id);
        Assert.NotEqual(UInt128.Zero, first.Id);
    }

    [Fact]
    public void RecordsWithIdsOfTheWrongLengthAreRejectedWithTheirIndexAndReason()
    {
        var badTrace = Record("bad trace");
        badTrace.TraceId = ByteString.CopyFrom(1, 2, 3);
        var badSpan = Record("bad span");
        badSpan.SpanId = ByteString.CopyFrom(new byte[16]);
        var output = new List<EventEnvelope>();
        var request = Logs(Record("ok"), badTrace, badSpan, Record("ok too"));
        var rejected = Mapper().Map(request, output);
        Assert.Equal(["ok", "ok too"], output.Select(e => e.Message));
        Assert.Equal(2, rejected.Count);
        Assert.Contains("log record 1: trace_id has 3 bytes", rejected.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("log record 2: span_id has 16 bytes", rejected.ErrorMessage, StringComparison.Ordinal);

        var fromWire = new List<EventEnvelope>();
        var rejectedFromWire = Mapper().Map(request.ToByteArray(), fromWire);
        Assert.Equal(output.Select(EnvelopeJson.ToJson), fromWire.Select(EnvelopeJson.ToJson));
        Assert.Equal(rejected.ErrorMessage, rejectedFromWire.ErrorMessage);
    }

    [Fact]
    public void RecordsTheDecoderFoundInvalidAreRejectedWithItsReasonInRequestOrderAndTheRestMapped()
    {
        var request = Logs(Record("a"), Record("b"));
        request.ResourceLogs.Add(Logs(Record("c"), Record("d")).ResourceLogs[0]);
        var faults = new RecordFaults();
        faults.Add(2, "timeUnixNano \"-1\" is negative");
        var output = new List<EventEnvelope>();

        var rejected = Mapper().Map(request, output, faults);

        Assert.Equal(["a", "b", "d"], output.Select(e => e.Message));
        Assert.Equal(1, rejected.Count);
        Assert.Equal("log record 2: timeUnixNano \"-1\" is negative", rejected.ErrorMessage);
    }

    private static EnvelopeMapper Mapper(EnvelopeOptions? options = null) => new(options ?? new EnvelopeOptions(), new FakeTimeProvider(ReceivedAt));

    /// <summary>Maps the decoded request and its protobuf bytes (the receivers' path): every row of the table holds for both decoders.</summary>
    private static List<EventEnvelope> Map(ExportLogsServiceRequest request, EnvelopeOptions? options = null)
    {
        var output = new List<EventEnvelope>();
        var rejected = Mapper(options).Map(request, output);
        Assert.Equal(0, rejected.Count);
        var fromWire = new List<EventEnvelope>();
        Assert.Equal(0, Mapper(options).Map(request.ToByteArray(), fromWire).Count);
        Assert.Equal(output.Select(EnvelopeJson.ToJson), fromWire.Select(EnvelopeJson.ToJson));
        return output;
    }

    private static EventEnvelope MapOne(LogRecord record, Gateway.Otlp.Proto.Common.V1.KeyValue[]? resource = null, EnvelopeOptions? options = null) =>
        Assert.Single(Map(Logs([record.Clone()], resource), options));

    private static LogRecord WithIds(LogRecord record)
    {
        record.TraceId = Hex(TraceHex);
        record.SpanId = Hex(SpanHex);
        return record;
    }

    private static AttributeValue Attribute(EventEnvelope envelope, string key) => Assert.Single(envelope.Attributes, a => a.Key == key).Value;
}
