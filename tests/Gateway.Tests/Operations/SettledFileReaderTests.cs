using Gateway.Host.Operations;
using Gateway.Testing;
using Gateway.Tests.Pipeline;

namespace Gateway.Tests.Operations;

/// <summary>A reload reads the file only once two reads a settle interval apart agree, so a file written in steps is never half-read.</summary>
public sealed class SettledFileReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-settle-").FullName;
    private readonly TimerCountingTimeProvider _time = new();
    private int _waitsSeen;

    private string Path => System.IO.Path.Combine(_directory, "gateway.yaml");

    [Fact]
    public async Task AFileWrittenInTwoStepsIsReadWhenTheSecondStepHasLanded()
    {
        await File.WriteAllTextAsync(Path, "exporters:\n");
        var reading = new SettledFileReader(_time).ReadAsync(Path, CancellationToken.None);

        // The first read found the first half; the writer writes the rest before the second read.
        await WaitingAsync(reading);
        await File.AppendAllTextAsync(Path, "  console: {}\n");
        await AdvanceUntilAsync(reading);

        var (text, problem) = await reading;
        Assert.Null(problem);
        Assert.Equal("exporters:\n  console: {}\n", text);
    }

    [Fact]
    public async Task AFileThatAppearsOnlyAfterAnEditorsRenameIsWaitedFor()
    {
        var reading = new SettledFileReader(_time).ReadAsync(Path, CancellationToken.None);
        await WaitingAsync(reading);
        await File.WriteAllTextAsync(Path, "exporters:\n  console: {}\n");
        await AdvanceUntilAsync(reading);

        Assert.Equal("exporters:\n  console: {}\n", (await reading).Text);
    }

    [Fact]
    public async Task AFileThatKeepsChangingIsGivenUpOnWithTheReason()
    {
        var reading = new SettledFileReader(_time).ReadAsync(Path, CancellationToken.None);
        for (var i = 0; !reading.IsCompleted && i < 100; i++)
        {
            // Each read finds something new: the writer changes the file during every wait.
            await WaitingAsync(reading);
            await File.WriteAllTextAsync(Path, $"# write {i}\n");
            await AdvanceAsync(reading);
        }

        var (text, problem) = await reading;
        Assert.Null(text);
        Assert.Contains("kept changing", problem, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task AdvanceUntilAsync(Task reading)
    {
        for (var i = 0; !reading.IsCompleted && i < 100; i++) await AdvanceAsync(reading);
    }

    private Task WaitingAsync(Task reading) =>
        Eventually.TrueAsync(() => reading.IsCompleted || _time.TimersCreated > _waitsSeen, "the reader waits between reads");

    /// <summary>Once the reader waits (it has armed its next timer), moves the clock past the wait.</summary>
    private async Task AdvanceAsync(Task reading)
    {
        await WaitingAsync(reading);
        if (reading.IsCompleted) return;
        _waitsSeen = _time.TimersCreated;
        _time.Advance(SettledFileReader.Interval);
    }
}
