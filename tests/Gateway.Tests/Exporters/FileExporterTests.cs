using System.Text.Json;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Exporters.FileExport;
using Gateway.Testing;

namespace Gateway.Tests.Exporters;

public sealed class FileExporterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task EachEnvelopeIsOneJsonLineWithItsFields()
    {
        var path = Path.Combine(_directory, "events.ndjson");
        await using var exporter = new FileExporter(new FileExporterOptions { Path = path });
        var envelope = Some.Envelope(name: "payment.failed", level: EventLevel.Error, message: "line one\nline two", error: Some.Error(stack: "at A.B()\nat C.D()"));

        var result = await exporter.ExportAsync(new EventBatch([envelope, Some.Envelope()]), CancellationToken.None);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal(envelope.IdHex, root.GetProperty("id").GetString());
        Assert.Equal("payment.failed", root.GetProperty("name").GetString());
        Assert.Equal("error", root.GetProperty("level").GetString());
        Assert.Equal("line one\nline two", root.GetProperty("message").GetString());
        Assert.Equal("at A.B()\nat C.D()", root.GetProperty("error").GetProperty("stack").GetString());
        Assert.Equal("ord-1001", root.GetProperty("attributes").GetProperty("ctx.order.id").GetString());
        Assert.Equal(200, root.GetProperty("attributes").GetProperty("http.status_code").GetInt64());
    }

    [Fact]
    public async Task AppendsAcrossBatchesAndReopensAfterRestart()
    {
        var path = Path.Combine(_directory, "nested", "events.ndjson");
        await using (var exporter = new FileExporter(new FileExporterOptions { Path = path }))
        {
            await exporter.ExportAsync(new EventBatch([Some.Envelope()]), CancellationToken.None);
        }

        await using (var exporter = new FileExporter(new FileExporterOptions { Path = path }))
        {
            await exporter.ExportAsync(new EventBatch([Some.Envelope(), Some.Envelope()]), CancellationToken.None);
        }

        Assert.Equal(3, (await File.ReadAllLinesAsync(path)).Length);
    }

    [Fact]
    public async Task TruncatedUnderTheExporterTheNextLinesStartAtTheNewEndWithNoNulBytes()
    {
        var path = Path.Combine(_directory, "events.ndjson");
        await using var exporter = new FileExporter(new FileExporterOptions { Path = path });
        await exporter.ExportAsync(new EventBatch([Some.Envelope(), Some.Envelope(), Some.Envelope()]), CancellationToken.None);

        // logrotate's copytruncate (or `truncate -s 0`): the file is emptied while the exporter holds it open.
        File.Copy(path, path + ".1");
        using (var outside = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) outside.SetLength(0);
        var later = new[] { Some.Envelope(), Some.Envelope() };
        var result = await exporter.ExportAsync(new EventBatch(later), CancellationToken.None);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.DoesNotContain((byte)0, bytes);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(later.Select(e => e.IdHex), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        Assert.Equal(3, (await File.ReadAllLinesAsync(path + ".1")).Length);
    }

    [Fact]
    public async Task RenamedAwayUnderTheExporterNewLinesGoToANewFileAtThePath()
    {
        var path = Path.Combine(_directory, "events.ndjson");
        await using var exporter = new FileExporter(new FileExporterOptions { Path = path });
        var before = Some.Envelope();
        await exporter.ExportAsync(new EventBatch([before]), CancellationToken.None);

        // logrotate's default (create): the file is renamed and the writer is expected to start a new one.
        File.Move(path, path + ".1");
        var after = Some.Envelope();
        await exporter.ExportAsync(new EventBatch([after]), CancellationToken.None);

        Assert.Equal(after.IdHex, JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(path))).RootElement.GetProperty("id").GetString());
        Assert.Equal(before.IdHex, JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(path + ".1"))).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task RotatesBySizeKeepingTheConfiguredBackupsAndLosingNoLineInTheKeptFiles()
    {
        var path = Path.Combine(_directory, "events.ndjson");
        await using var exporter = new FileExporter(new FileExporterOptions { Path = path, MaxFileSize = new ByteSize(4096), MaxBackups = 2 });
        var written = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var envelope = Some.Envelope(name: $"event.{i}");
            written.Add(envelope.IdHex);
            await exporter.ExportAsync(new EventBatch([envelope]), CancellationToken.None);
        }

        Assert.True(File.Exists(Path.Combine(_directory, "events.1.ndjson")));
        Assert.True(File.Exists(Path.Combine(_directory, "events.2.ndjson")));
        Assert.False(File.Exists(Path.Combine(_directory, "events.3.ndjson")));
        foreach (var file in Directory.GetFiles(_directory)) Assert.True(new FileInfo(file).Length <= 4096, $"{file} is larger than max_file_size");

        // The newest events are in the kept files, in order and complete: rotation never splits a line.
        var kept = new List<string>();
        foreach (var name in new[] { "events.2.ndjson", "events.1.ndjson", "events.ndjson" })
        {
            foreach (var line in await File.ReadAllLinesAsync(Path.Combine(_directory, name)))
            {
                using var document = JsonDocument.Parse(line);
                kept.Add(document.RootElement.GetProperty("id").GetString()!);
            }
        }

        Assert.Equal(written.TakeLast(kept.Count), kept);
    }

    [Fact]
    public async Task AnUnwritablePathIsARetryableFailureNotACrash()
    {
        var blocker = Path.Combine(_directory, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");
        await using var exporter = new FileExporter(new FileExporterOptions { Path = Path.Combine(blocker, "events.ndjson") });

        var result = await exporter.ExportAsync(new EventBatch([Some.Envelope()]), CancellationToken.None);

        Assert.Equal(ExportOutcome.Retryable, result.Outcome);
        Assert.Contains("not-a-directory", result.Reason, StringComparison.Ordinal);
    }
}
