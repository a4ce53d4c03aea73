using System.Text;
using Gateway.Queues.Persistent;
using Gateway.Testing;
using static Gateway.Tests.Queues.Persistent.QueueDirectory;

namespace Gateway.Tests.Queues.Persistent;

/// <summary>The log on a real, small tmpfs that runs out of room (ENOSPC), not on a simulated fault.</summary>
public sealed class DurableLogDiskFullTests : IDisposable
{
    private readonly SmallTmpfs _disk = SmallTmpfs.Mount(256);
    private readonly QueueDirectory _queue;

    public DurableLogDiskFullTests() => _queue = QueueDirectory.Under(_disk.Path);

    public void Dispose()
    {
        _queue.Dispose();
        _disk.Dispose();
    }

    [Theory]
    [InlineData(FsyncPolicy.Always)]
    [InlineData(FsyncPolicy.Interval)]
    public async Task AnAppendTheFullDiskRefusesIsUnwritableStoresNothingOfItAndLeavesTheRecordsBeforeItIntact(FsyncPolicy fsync)
    {
        List<string> appended;
        await using (var log = _queue.Open(fsync: fsync))
        {
            appended = await FillAsync(log);

            Assert.True(log.WriteFailure is { DiskFull: true }, $"the failure says the disk is full: {log.WriteFailure}");
            Assert.Contains(_queue.LogPath, log.WriteFailure!.Reason, StringComparison.Ordinal);
            Assert.Equal(AppendOutcome.Unwritable, await log.AppendAsync(Encoding.UTF8.GetBytes("small")));
            Assert.Equal(appended, Texts(ReadAvailable(log)));
        }

        await using (var reopened = _queue.Open(fsync: fsync))
        {
            // The refused write's partial bytes were cut off: nothing torn for recovery to cut, nothing extra to deliver.
            Assert.Equal(0, reopened.Recovery.TruncatedBytes);
            Assert.Equal(appended, Texts(ReadAvailable(reopened)));
        }
    }

    [Fact]
    public async Task DeliveredRecordsOfAFullDiskAreDeletedAndTheLogTakesAppendsAgain()
    {
        await using var log = _queue.Open();
        var appended = await FillAsync(log);

        var records = ReadAvailable(log);
        Assert.Equal(appended.Count, records.Count);
        AcknowledgeAll(log, records);

        await Eventually.TrueAsync(() => log.WriteFailure is null, "the log takes appends again once the delivered segment is deleted", TimeSpan.FromSeconds(10));
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(Encoding.UTF8.GetBytes("after the disk was full")));
        Assert.Equal(["after the disk was full"], Texts(ReadAvailable(log)));
        Assert.Single(_queue.SegmentFiles());
    }

    [Fact]
    public async Task ALogOpensOnAFullDiskDeliversWhatItKeptAndTakesAppendsOnceThatIsDeleted()
    {
        List<string> appended;
        await using (var log = _queue.Open())
        {
            appended = await FillAsync(log);
        }

        _disk.Fill();
        await using var reopened = _queue.Open();

        Assert.True(reopened.WriteFailure is { DiskFull: true }, "a full disk is reported from the start");
        Assert.Equal(AppendOutcome.Unwritable, await reopened.AppendAsync(Encoding.UTF8.GetBytes("refused")));
        var kept = ReadAvailable(reopened);
        Assert.Equal(appended, Texts(kept));
        AcknowledgeAll(reopened, kept);
        await Eventually.TrueAsync(() => reopened.WriteFailure is null, "the log takes appends again once what it kept is delivered", TimeSpan.FromSeconds(10));
        Assert.Equal(AppendOutcome.Appended, await reopened.AppendAsync(Encoding.UTF8.GetBytes("accepted")));
        Assert.Equal(["accepted"], Texts(ReadAvailable(reopened)));
    }

    [Fact]
    public async Task ALogOnADiskSomeoneElseFilledTakesAppendsOnceThatRoomIsFreed()
    {
        _disk.Fill();
        await using var log = _queue.Open();
        Assert.NotNull(log.WriteFailure);

        _disk.FreeFiller();

        await Eventually.TrueAsync(() => log.WriteFailure is null, "the log notices the freed room by itself", TimeSpan.FromSeconds(10));
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(Encoding.UTF8.GetBytes("stored")));
        Assert.Equal(["stored"], Texts(ReadAvailable(log)));
    }

    [Fact]
    public async Task AcknowledgementsOnAFullDiskAreStillCheckpointedSoTheyAreNotDeliveredAgainAfterARestart()
    {
        var texts = Enumerable.Range(0, 10).Select(i => $"record-{i}").ToArray();
        await using (var log = _queue.Open())
        {
            await AppendTextsAsync(log, texts);
            var records = ReadAvailable(log);
            AcknowledgeAll(log, records[..3]);
            await Eventually.TrueAsync(() => File.Exists(Path.Combine(_queue.LogPath, "checkpoint")), "the first checkpoint is written");

            // No room left for a temporary checkpoint file next to the segment.
            _disk.Fill();
            AcknowledgeAll(log, records[3..8]);
        }

        await using var reopened = _queue.Open();
        Assert.Equal(["record-8", "record-9"], Texts(ReadAvailable(reopened)));
    }

    /// <summary>Appends ~330-byte records until the disk refuses one; returns those stored (bounded: 256 KiB holds far fewer than 2,000).</summary>
    private static async Task<List<string>> FillAsync(DurableLog log)
    {
        var appended = new List<string>();
        for (var i = 0; i < 2_000; i++)
        {
            var text = $"record-{i}-" + new string('x', 320);
            var outcome = await log.AppendAsync(Encoding.UTF8.GetBytes(text));
            if (outcome == AppendOutcome.Unwritable) return appended;
            Assert.Equal(AppendOutcome.Appended, outcome);
            appended.Add(text);
        }

        throw new InvalidOperationException("2,000 records fit on a 256 KiB disk: the disk never filled");
    }
}
