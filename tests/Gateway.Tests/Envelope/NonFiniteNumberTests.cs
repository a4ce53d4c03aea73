using System.Text;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Exporters.ConsoleExport;
using Gateway.Exporters.FileExport;
using Gateway.Testing;

namespace Gateway.Tests.Envelope;

/// <summary>
/// NaN and the infinities have no JSON literal: every JSON writer of the gateway writes them as the strings "NaN",
/// "Infinity" and "-Infinity" (the protobuf JSON mapping's spelling) instead of failing the document, and with it the
/// batch around it.
/// </summary>
public sealed class NonFiniteNumberTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-nonfinite-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [MemberData(nameof(Some.NonFiniteNumbers), MemberType = typeof(Some))]
    public void TheEnvelopeJsonWritesThemAsStringsWhereverANumberCanBe(double number, string text)
    {
        using var document = JsonDocument.Parse(EnvelopeJson.ToJson(Some.NonFiniteEnvelope(number)));

        AssertEveryNumberIs(text, document.RootElement);
    }

    [Theory]
    [MemberData(nameof(Some.NonFiniteNumbers), MemberType = typeof(Some))]
    public void AnAttributeReadsAsTextTheWayItIsWritten(double number, string text)
    {
        Assert.Equal(text, AttributeValue.FromDouble(number).ToString());
    }

    [Theory]
    [MemberData(nameof(Some.NonFiniteNumbers), MemberType = typeof(Some))]
    public async Task TheFileExporterWritesTheEventAndTheOnesAroundIt(double number, string text)
    {
        var path = Path.Combine(_directory, "events.ndjson");
        await using var exporter = new FileExporter(new FileExporterOptions { Path = path });

        var result = await exporter.ExportAsync(new EventBatch([Some.Envelope(), Some.NonFiniteEnvelope(number), Some.Envelope()]), CancellationToken.None);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(3, lines.Length);
        using var poison = JsonDocument.Parse(lines[1]);
        AssertEveryNumberIs(text, poison.RootElement);
    }

    [Theory]
    [MemberData(nameof(Some.NonFiniteNumbers), MemberType = typeof(Some))]
    public async Task TheConsoleExporterWritesThemInBothFormats(double number, string text)
    {
        using var json = new MemoryStream();
        using var line = new MemoryStream();
        var envelope = Some.NonFiniteEnvelope(number);

        var asJson = await new ConsoleExporter(new ConsoleExporterOptions { Format = ConsoleFormat.Json }, json, color: false).ExportAsync(new EventBatch([envelope]), CancellationToken.None);
        var asText = await new ConsoleExporter(new ConsoleExporterOptions(), line, color: false).ExportAsync(new EventBatch([envelope]), CancellationToken.None);

        Assert.Equal(ExportOutcome.Success, asJson.Outcome);
        Assert.Equal(ExportOutcome.Success, asText.Outcome);
        using var document = JsonDocument.Parse(json.ToArray());
        AssertEveryNumberIs(text, document.RootElement);
        Assert.Contains($"ratio={text}", Encoding.UTF8.GetString(line.ToArray()), StringComparison.Ordinal);
    }

    /// <summary>Every place <see cref="Some.NonFiniteEnvelope"/> puts the number, in the envelope's JSON form.</summary>
    internal static void AssertEveryNumberIs(string text, JsonElement envelope)
    {
        Assert.Equal(text, envelope.GetProperty("value").GetString());
        Assert.Equal(text, envelope.GetProperty("sampleRate").GetString());
        var attributes = envelope.GetProperty("attributes");
        Assert.Equal(text, attributes.GetProperty("ratio").GetString());
        Assert.Equal(1.5, attributes.GetProperty("readings")[0].GetDouble());
        Assert.Equal(text, attributes.GetProperty("readings")[1].GetString());
        Assert.Equal(text, attributes.GetProperty("sensor").GetProperty("level").GetString());
        Assert.Equal(text, envelope.GetProperty("tags").GetProperty("score").GetString());
        Assert.Equal(text, envelope.GetProperty("body").GetProperty("reading").GetString());
        Assert.Equal(text, envelope.GetProperty("resource").GetProperty("service.instance.load").GetString());
    }
}
