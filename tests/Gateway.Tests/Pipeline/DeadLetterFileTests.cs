using System.Text.Json;
using Gateway.Envelope;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Pipeline;

/// <summary>The dead-letter file is the last place an event can go: it takes any envelope and never throws.</summary>
[Collection(PipelineCollection.Name)]
public sealed class DeadLetterFileTests : IDisposable
{
    private static readonly DeadLetterEntry Refused = new(DeadLetterReasons.Permanent, "HTTP 400", DeadLetterReasons.Permanent);
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-dead-letter-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [MemberData(nameof(Some.NonFiniteNumbers), MemberType = typeof(Some))]
    public async Task AnEventWithANonFiniteNumberIsWrittenWhole(double number, string text)
    {
        var path = Path.Combine(_directory, "dead-letter.ndjson");
        await using var file = new DeadLetterFile(new DeadLetterOptions { Path = path }, TimeProvider.System, NullLogger.Instance);

        await file.WriteAsync("store/search", Refused, new[] { Some.Envelope(), Some.NonFiniteEnvelope(number) });

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        using var line = JsonDocument.Parse(lines[1]);
        Gateway.Tests.Envelope.NonFiniteNumberTests.AssertEveryNumberIs(text, line.RootElement.GetProperty("event"));
    }

    [Fact]
    public async Task AnEventThatCannotBeWrittenWholeGetsAMinimalLineAndTheOthersTheirFullOnes()
    {
        var path = Path.Combine(_directory, "dead-letter.ndjson");
        using var metrics = new MetricRecorder();
        await using var file = new DeadLetterFile(new DeadLetterOptions { Path = path }, TimeProvider.System, NullLogger.Instance);
        var unwritable = Some.Envelope(name: "deep.event", attributes: [new KeyValue("tree", Nested(1100))]);
        var before = Some.Envelope();
        var after = Some.Envelope();

        await file.WriteAsync("store/deep", Refused, new[] { before, unwritable, after });

        var lines = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal(before.IdHex, lines[0].GetProperty("event").GetProperty("id").GetString());
        Assert.Equal("ord-1001", lines[2].GetProperty("event").GetProperty("attributes").GetProperty("ctx.order.id").GetString());
        var minimal = lines[1];
        Assert.Equal("HTTP 400", minimal.GetProperty("reason").GetString());
        Assert.Equal("store/deep", minimal.GetProperty("exporter").GetString());
        var @event = minimal.GetProperty("event");
        Assert.Equal(unwritable.IdHex, @event.GetProperty("id").GetString());
        Assert.Equal("deep.event", @event.GetProperty("name").GetString());
        Assert.Equal("checkout", @event.GetProperty("service").GetString());
        Assert.Equal(EnvelopeTime.Format(unwritable.TimeUnixNano), @event.GetProperty("time").GetString());
        Assert.StartsWith("InvalidOperationException: ", minimal.GetProperty("event_write_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, metrics.Sum("gateway_dead_letter_incomplete_log_records", "exporter", "store/deep"));
        Assert.Equal(3, metrics.Sum("gateway_dead_lettered_log_records", "exporter", "store/deep"));
    }

    [Fact]
    public async Task AFileThatCannotBeWrittenIsCountedAndTheNextWriteTriesAgain()
    {
        // A file where the directory should be: creating the dead-letter file fails until it is removed.
        var blocker = Path.Combine(_directory, "dead");
        await File.WriteAllTextAsync(blocker, "not a directory");
        var path = Path.Combine(blocker, "dead-letter.ndjson");
        using var metrics = new MetricRecorder();
        await using var file = new DeadLetterFile(new DeadLetterOptions { Path = path }, TimeProvider.System, NullLogger.Instance);

        await file.WriteAsync("store/full-disk", Refused, new[] { Some.Envelope(), Some.Envelope() });

        Assert.Equal(2, metrics.Sum("gateway_dead_letter_write_failed_log_records", "exporter", "store/full-disk"));
        Assert.Equal(2, metrics.Sum("gateway_dead_lettered_log_records", "exporter", "store/full-disk"));
        File.Delete(blocker);
        var later = Some.Envelope();
        await file.WriteAsync("store/full-disk", Refused, new[] { later });
        Assert.Equal(later.IdHex, JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(path))).RootElement.GetProperty("event").GetProperty("id").GetString());
    }

    [Fact]
    public async Task TruncatingTheFileFromOutsideLeavesNoNulBytes()
    {
        var path = Path.Combine(_directory, "dead-letter.ndjson");
        await using var file = new DeadLetterFile(new DeadLetterOptions { Path = path }, TimeProvider.System, NullLogger.Instance);
        await file.WriteAsync("store/search", Refused, new[] { Some.Envelope(), Some.Envelope() });

        // An operator empties the file after replaying it, as `truncate -s 0` does.
        using (var outside = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) outside.SetLength(0);
        var later = Some.Envelope();
        await file.WriteAsync("store/search", Refused, new[] { later });

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.DoesNotContain((byte)0, bytes);
        Assert.Equal(later.IdHex, JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(path))).RootElement.GetProperty("event").GetProperty("id").GetString());
    }

    private static AttributeValue Nested(int depth)
    {
        var value = AttributeValue.FromString("leaf");
        for (var i = 0; i < depth; i++) value = AttributeValue.FromArray([value]);
        return value;
    }
}
