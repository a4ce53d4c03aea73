using System.Text;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Exporters.ConsoleExport;
using Gateway.Testing;

namespace Gateway.Tests.Exporters;

public sealed class ConsoleExporterTests
{
    [Fact]
    public async Task TextLineShowsTimeLevelServiceNameMessageErrorAndAttributesOnOneLine()
    {
        using var output = new MemoryStream();
        var exporter = new ConsoleExporter(new ConsoleExporterOptions(), output, color: false);
        var envelope = Some.Envelope(name: "payment.failed", level: EventLevel.Error, message: "Charge failed\nretrying", error: Some.Error(name: "CardError", message: "declined"));

        await exporter.ExportAsync(new EventBatch([envelope]), CancellationToken.None);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Single(text.TrimEnd('\n').Split('\n'));
        Assert.StartsWith(EnvelopeTime.Format(envelope.TimeUnixNano) + " ERROR checkout/production payment.failed", text, StringComparison.Ordinal);
        Assert.Contains("\"Charge failed⏎retrying\"", text, StringComparison.Ordinal);
        Assert.Contains("error=CardError: declined", text, StringComparison.Ordinal);
        Assert.Contains("actor=user:u-42", text, StringComparison.Ordinal);
        Assert.Contains("ctx.order.id=ord-1001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ColourIsOnlyWrittenWhenAsked()
    {
        using var output = new MemoryStream();
        var exporter = new ConsoleExporter(new ConsoleExporterOptions(), output, color: true);

        await exporter.ExportAsync(new EventBatch([Some.Envelope(level: EventLevel.Warn)]), CancellationToken.None);

        Assert.Contains("\u001b[33mWARN", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonFormatWritesOneParsableEnvelopePerLine()
    {
        using var output = new MemoryStream();
        var exporter = new ConsoleExporter(new ConsoleExporterOptions { Format = ConsoleFormat.Json }, output, color: true);

        await exporter.ExportAsync(new EventBatch([Some.Envelope(name: "a"), Some.Envelope(name: "b")]), CancellationToken.None);

        var lines = Encoding.UTF8.GetString(output.ToArray()).TrimEnd('\n').Split('\n');
        Assert.Equal(["a", "b"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task AttributesBeyondTheLimitAreCountedNotShown()
    {
        using var output = new MemoryStream();
        var exporter = new ConsoleExporter(new ConsoleExporterOptions { MaxAttributes = 1 }, output, color: false);
        var attributes = new[] { new KeyValue("a", AttributeValue.FromLong(1)), new KeyValue("b", AttributeValue.FromLong(2)), new KeyValue("c", AttributeValue.FromLong(3)) };

        await exporter.ExportAsync(new EventBatch([Some.Envelope(attributes: attributes)]), CancellationToken.None);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains(" a=1 +2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("b=2", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.1, "×10")]
    [InlineData(0.01, "×100")]
    [InlineData(0.3, "×3.3")]
    public async Task AnEventKeptBySamplingShowsHowManyEventsItStandsFor(double rate, string shown)
    {
        using var output = new MemoryStream();
        var exporter = new ConsoleExporter(new ConsoleExporterOptions(), output, color: false);
        var envelope = Some.Envelope(level: EventLevel.Info);
        envelope.SampleRate = rate;

        await exporter.ExportAsync(new EventBatch([envelope]), CancellationToken.None);

        Assert.StartsWith($"{EnvelopeTime.Format(envelope.TimeUnixNano)} INFO  {shown} checkout/production ", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1.0)]
    public async Task AnEventThatStandsForItselfShowsNoMultiplier(double? rate)
    {
        using var output = new MemoryStream();
        var exporter = new ConsoleExporter(new ConsoleExporterOptions(), output, color: false);
        var envelope = Some.Envelope(level: EventLevel.Info);
        envelope.SampleRate = rate;

        await exporter.ExportAsync(new EventBatch([envelope]), CancellationToken.None);

        Assert.DoesNotContain("×", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }
}
