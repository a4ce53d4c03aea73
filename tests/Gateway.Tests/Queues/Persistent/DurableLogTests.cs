using System.Text;
using Gateway.Queues.Persistent;
using Gateway.Testing;
using Microsoft.Extensions.Time.Testing;
using static Gateway.Tests.Queues.Persistent.QueueDirectory;

namespace Gateway.Tests.Queues.Persistent;

public sealed class DurableLogTests : IDisposable
{
    private readonly QueueDirectory _queue = new();

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task RecordsAreReadInAppendOrderAndAFullyAcknowledgedSegmentIsDeleted()
    {
        await using var log = _queue.Open(segmentBytes: 4096);
        var texts = Enumerable.Range(0, 60).Select(i => $"event-{i}-" + new string('x', 200)).ToArray();
        await AppendTextsAsync(log, texts);
        Assert.True(_queue.SegmentFiles().Length >= 3, "60 records of ~210 bytes roll over 4KiB segments");

        var records = ReadAvailable(log);

        Assert.Equal(texts, Texts(records));
        AcknowledgeAll(log, records);
        await Eventually.TrueAsync(() => _queue.SegmentFiles().Length == 1, "every consumed segment but the open one is deleted");
        Assert.Equal(0, log.PendingRecords);
    }

    [Fact]
    public async Task AReaderWhoseFinishedSegmentWasDeletedCarriesOnWithTheNextOne()
    {
        await using var log = _queue.Open(segmentBytes: 4096);
        await AppendTextsAsync(log, Enumerable.Range(0, 10).Select(i => $"{i}:" + new string('a', 290)).ToArray());
        var first = ReadAvailable(log);
        var firstSegment = _queue.SegmentFiles().Single();
        var rollsOver = Enumerable.Range(0, 5).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"late-{i}:" + new string('b', 290))).ToArray();
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(rollsOver));

        AcknowledgeAll(log, first);
        await Eventually.TrueAsync(() => !File.Exists(firstSegment), "the segment the reader finished is deleted");

        Assert.Equal(5, ReadAvailable(log).Count);
    }

    [Fact]
    public async Task AfterARestartOnlyTheUnacknowledgedRecordsAreDeliveredAgainBeforeNewOnes()
    {
        await using (var log = _queue.Open())
        {
            await AppendTextsAsync(log, "a", "b", "c", "d");
            var records = ReadAvailable(log);
            Assert.True(log.Acknowledge(records[0].Position));
            Assert.True(log.Acknowledge(records[1].Position));
            // c and d were handed to a worker whose destination never confirmed them.
        }

        await using (var log = _queue.Open())
        {
            Assert.Equal(2, log.Recovery.PendingRecords);
            Assert.Equal(2, log.PendingRecords);
            await AppendTextsAsync(log, "e");
            Assert.Equal(["c", "d", "e"], Texts(ReadAvailable(log)));
        }
    }

    [Fact]
    public async Task ShutdownWhileTheDestinationIsDownKeepsEveryRecordForTheNextStart()
    {
        await using (var log = _queue.Open())
        {
            await AppendTextsAsync(log, "one", "two", "three");
            Assert.Equal(3, ReadAvailable(log).Count); // read, retried, never confirmed
        }

        await using (var log = _queue.Open())
        {
            Assert.Equal(["one", "two", "three"], Texts(ReadAvailable(log)));
        }
    }

    [Fact]
    public async Task OutOfOrderAcknowledgementsDeleteASegmentOnlyOnceAllOfItIsAcknowledged()
    {
        await using var log = _queue.Open(segmentBytes: 4096);
        var texts = Enumerable.Range(0, 40).Select(i => $"{i}:" + new string('y', 300)).ToArray();
        await AppendTextsAsync(log, texts);
        var records = ReadAvailable(log);
        var firstSegment = _queue.SegmentFiles()[0];
        var inFirst = records.Where(r => r.Position.Segment == records[0].Position.Segment).ToList();
        Assert.True(inFirst.Count > 2);

        // Two workers: the second finishes first, the first's oldest record is confirmed last.
        for (var i = inFirst.Count - 1; i >= 1; i--) Assert.True(log.Acknowledge(inFirst[i].Position));
        foreach (var record in records.Skip(inFirst.Count)) Assert.True(log.Acknowledge(record.Position));
        Assert.True(File.Exists(firstSegment));

        Assert.True(log.Acknowledge(inFirst[0].Position));
        Assert.False(log.Acknowledge(inFirst[0].Position), "a second acknowledgement of the same record is ignored");
        await Eventually.TrueAsync(() => !File.Exists(firstSegment), "the first segment is deleted once its last record is confirmed");
    }

    [Fact]
    public async Task OutOfOrderAcknowledgementsBeforeACrashAreRedeliveredNotLost()
    {
        await using (var log = _queue.Open())
        {
            await AppendTextsAsync(log, "a", "b", "c");
            var records = ReadAvailable(log);
            log.Acknowledge(records[2].Position);
        }

        await using (var log = _queue.Open())
        {
            // The watermark stops at the oldest unconfirmed record; c comes again (Elasticsearch's ids absorb it).
            Assert.Equal(["a", "b", "c"], Texts(ReadAvailable(log)));
        }
    }

    [Fact]
    public async Task ThousandsOfRecordsConfirmedInRandomOrderAreAllForgottenAcrossARestart()
    {
        await using (var log = _queue.Open(segmentBytes: 16 * 1024))
        {
            var texts = Enumerable.Range(0, 3000).Select(i => $"record-{i}").ToArray();
            for (var i = 0; i < texts.Length; i += 100)
            {
                var request = texts.Skip(i).Take(100).Select(t => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(t)).ToArray();
                Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(request));
            }

            var records = ReadAvailable(log);
            Assert.Equal(texts, Texts(records));
            var shuffled = records.Select(r => r.Position).ToArray();
            new Random(8).Shuffle(shuffled);
            Assert.Equal(2999, log.Acknowledge(shuffled.AsSpan(1)));
            Assert.Equal(1, log.PendingRecords);
            Assert.True(log.Acknowledge(shuffled[0]));
            Assert.Equal(0, log.PendingRecords);
        }

        await using (var log = _queue.Open(segmentBytes: 16 * 1024))
        {
            Assert.Equal(0, log.Recovery.PendingRecords);
            Assert.Empty(ReadAvailable(log));
            Assert.Single(_queue.SegmentFiles());
        }
    }

    [Fact]
    public async Task AnAppendBeyondMaxBytesIsRefusedAsFullAndNothingStoredIsLost()
    {
        await using var log = _queue.Open(maxBytes: 64 * 1024, segmentBytes: 8192);
        var payload = new string('z', 1000);
        var stored = new List<string>();
        while (true)
        {
            var text = $"{stored.Count}:{payload}";
            if (await log.AppendAsync(Encoding.UTF8.GetBytes(text)) == AppendOutcome.Full) break;
            stored.Add(text);
        }

        var bytesWhenFull = log.BytesOnDisk;
        Assert.True(bytesWhenFull <= 64 * 1024);
        var batch = new ReadOnlyMemory<byte>[] { new byte[10], new byte[5000] };
        Assert.Equal(AppendOutcome.Full, await log.AppendAsync(batch));
        Assert.Equal(bytesWhenFull, log.BytesOnDisk);
        Assert.Equal(bytesWhenFull, _queue.SegmentFiles().Sum(f => new FileInfo(f).Length));

        var records = ReadAvailable(log);
        Assert.Equal(stored, Texts(records));
        AcknowledgeAll(log, records);
        await Eventually.TrueAsync(() => log.BytesOnDisk < bytesWhenFull / 2, "confirmed segments free their space");
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(batch));
    }

    [Fact]
    public async Task ConcurrentAppendersShareFsyncsAndEachCompletesOnlyOnceStored()
    {
        await using var log = _queue.Open();
        var fsyncsBefore = log.FsyncCount;

        // 200 requests arrive while the first group's fsync is still running.
        var appends = Enumerable.Range(0, 200)
            .Select(i => log.AppendAsync(new ReadOnlyMemory<byte>[] { Encoding.UTF8.GetBytes($"{i}-a"), Encoding.UTF8.GetBytes($"{i}-b") }))
            .ToArray();
        var outcomes = await Task.WhenAll(appends);

        Assert.All(outcomes, o => Assert.Equal(AppendOutcome.Appended, o));
        var fsyncs = log.FsyncCount - fsyncsBefore;
        Assert.InRange(fsyncs, 1, 100);
        var texts = Texts(ReadAvailable(log));
        Assert.Equal(400, texts.Count);
        for (var i = 0; i < 200; i++)
        {
            // A request's records stay together and in order.
            Assert.Equal(texts.IndexOf($"{i}-a") + 1, texts.IndexOf($"{i}-b"));
        }
    }

    [Fact]
    public async Task AReaderWaitsForTheNextAppendAndStopsWaitingWhenTheLogCloses()
    {
        var log = _queue.Open();
        var waiting = log.WaitToReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);

        await AppendTextsAsync(log, "late");

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(log.TryRead(out _));
        var closedWhileWaiting = log.WaitToReadAsync().AsTask();
        await log.DisposeAsync();
        Assert.False(await closedWhileWaiting.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync(new byte[1]));
    }

    [Fact]
    public async Task IntervalPolicyAcknowledgesAfterTheWriteAndSyncsOnceTheIntervalHasPassed()
    {
        var clock = new FakeTimeProvider();
        await using var log = _queue.Open(fsync: FsyncPolicy.Interval, time: clock);
        var fsyncsBefore = log.FsyncCount;

        await AppendTextsAsync(log, "a", "b", "c");
        Assert.Equal(fsyncsBefore, log.FsyncCount);
        Assert.Equal(["a", "b", "c"], Texts(ReadAvailable(log)));

        // The writer arms its timer just after completing the appends; advancing until it fires avoids racing it.
        await Eventually.TrueAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return log.FsyncCount > fsyncsBefore;
        }, "an fsync once the interval passed");
        Assert.Equal(fsyncsBefore + 1, log.FsyncCount);
    }

    [Fact]
    public async Task NeverPolicyLeavesSyncingToTheOperatingSystem()
    {
        await using var log = _queue.Open(fsync: FsyncPolicy.Never);
        await AppendTextsAsync(log, "a", "b");
        Assert.Equal(0, log.FsyncCount);
        Assert.Equal(["a", "b"], Texts(ReadAvailable(log)));
    }

    [Fact]
    public async Task ASecondLogOnTheSameDirectoryIsRefusedWithAClearError()
    {
        await using var log = _queue.Open();
        var error = Assert.Throws<IOException>(() => _queue.Open());
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExporterIdsBecomeDistinctSafeDirectoryNames()
    {
        Assert.Equal("slack%2Foncall", QueueDirectoryName.For("slack/oncall"));
        Assert.Equal("elasticsearch", QueueDirectoryName.For("elasticsearch"));
        Assert.NotEqual(QueueDirectoryName.For("slack/oncall"), QueueDirectoryName.For("slack_oncall"));
        Assert.Equal("%2E.", QueueDirectoryName.For(".."));
        Assert.Equal("webhook%2F%C3%A9t%C3%A9", QueueDirectoryName.For("webhook/été"));
    }

    [Fact]
    public async Task AnEmptyRecordIsACallerErrorAndNothingOfItsBatchIsStored()
    {
        await using var log = _queue.Open();
        var batch = new ReadOnlyMemory<byte>[] { new byte[] { 1 }, ReadOnlyMemory<byte>.Empty };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.AppendAsync(batch));

        Assert.Empty(ReadAvailable(log));
    }

    [Fact]
    public void OptionsOutsideTheirLimitsAreRefusedNamingTheLimit()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DurableLog.Open(new DurableLogOptions { Directory = _queue.Root, Name = _queue.Name, SegmentBytes = 100 }));
        Assert.Contains("4KiB", error.Message, StringComparison.Ordinal);
    }
}
