using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using Gateway.Diagnostics;
using Gateway.Queues.Persistent;
using Gateway.Testing;
using static Gateway.Tests.Queues.Persistent.QueueDirectory;

namespace Gateway.Tests.Queues.Persistent;

/// <summary>What a crash, a torn write or a damaged disk leaves behind, and what opening the queue makes of it.</summary>
public sealed class DurableLogRecoveryTests : IDisposable
{
    private const int SegmentHeader = 8;
    private const int FrameHeader = 8;

    private readonly QueueDirectory _queue = new();
    private readonly MeterListener _listener = new();
    private long _corruptCounted;

    public DurableLogRecoveryTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayMeter.Name && instrument.Name == "gateway_queue_corrupt_records") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "queue" && Equals(tag.Value, _queue.Name)) Interlocked.Add(ref _corruptCounted, value);
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _queue.Dispose();
    }

    [Fact]
    public async Task ATruncatedLastRecordIsCutOffEveryEarlierRecordIsDeliveredAndAppendsCarryOn()
    {
        await WriteAndCloseAsync("r1", "r2", "r3", "r4-which-is-torn");
        var segment = _queue.SegmentFiles().Single();
        var length = new FileInfo(segment).Length;
        TruncateTo(segment, length - 5);

        await using var log = _queue.Open();

        Assert.Equal(FrameHeader + "r4-which-is-torn".Length - 5, log.Recovery.TruncatedBytes);
        Assert.Empty(log.Recovery.CorruptRecords);
        await AppendTextsAsync(log, "r5");
        Assert.Equal(["r1", "r2", "r3", "r5"], Texts(ReadAvailable(log)));
        Assert.Equal(0, Interlocked.Read(ref _corruptCounted));
    }

    [Fact]
    public async Task AFlippedByteInAMiddleRecordIsMovedAsideCountedAndTheOthersAreDelivered()
    {
        await WriteAndCloseAsync("first", "second", "third");
        var segment = _queue.SegmentFiles().Single();
        var secondPayload = SegmentHeader + FrameHeader + "first".Length + FrameHeader;
        FlipByte(segment, secondPayload + 2);

        await using var log = _queue.Open();

        Assert.Equal(["first", "third"], Texts(ReadAvailable(log)));
        var corrupt = Assert.Single(log.Recovery.CorruptRecords);
        Assert.Equal(SegmentHeader + FrameHeader + "first".Length, corrupt.Offset);
        Assert.Equal(FrameHeader + "second".Length, corrupt.Length);
        Assert.Contains("checksum", corrupt.Reason, StringComparison.Ordinal);
        Assert.Equal("sebond", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(corrupt.QuarantinePath!).AsSpan(FrameHeader)));
        Assert.Contains("reason: checksum", File.ReadAllText(Path.ChangeExtension(corrupt.QuarantinePath!, ".txt")), StringComparison.Ordinal);
        Assert.Equal(1, Interlocked.Read(ref _corruptCounted));
    }

    [Fact]
    public async Task OneSegmentWithATornTailAndOneWithAFlippedByteDeliverEveryIntactRecordAndReportTheBadOne()
    {
        await using (var log = _queue.Open(segmentBytes: 4096))
        {
            await AppendTextsAsync(log, Enumerable.Range(0, 45).Select(i => $"{i:D2}:" + new string('p', 250)).ToArray());
        }

        var segments = _queue.SegmentFiles();
        Assert.True(segments.Length >= 3);
        FlipByte(segments[0], SegmentHeader + FrameHeader + 20); // first record of the first segment
        var last = segments[^1];
        TruncateTo(last, new FileInfo(last).Length - 100); // last record of the last segment torn

        await using var reopened = _queue.Open(segmentBytes: 4096);

        var texts = Texts(ReadAvailable(reopened));
        Assert.Equal(43, texts.Count);
        Assert.DoesNotContain(texts, t => t.StartsWith("00:", StringComparison.Ordinal) || t.StartsWith("44:", StringComparison.Ordinal));
        Assert.Equal(texts.Order(StringComparer.Ordinal), texts);
        Assert.Single(reopened.Recovery.CorruptRecords);
        Assert.True(reopened.Recovery.TruncatedBytes > 0);
        Assert.Equal(1, Interlocked.Read(ref _corruptCounted));
        await AppendTextsAsync(reopened, "after");
        Assert.Equal(["after"], Texts(ReadAvailable(reopened)));
    }

    [Fact]
    public async Task ZerosLeftAtTheEndOfASegmentByAPowerCutAreCutOffNotReadAsRecords()
    {
        await WriteAndCloseAsync("x", "y");
        var segment = _queue.SegmentFiles().Single();
        using (var file = File.OpenHandle(segment, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(file, new byte[4096], RandomAccess.GetLength(file));
        }

        await using var log = _queue.Open();

        Assert.Equal(["x", "y"], Texts(ReadAvailable(log)));
        Assert.Equal(4096, log.Recovery.TruncatedBytes);
        Assert.Empty(log.Recovery.CorruptRecords);
    }

    [Fact]
    public async Task MegabytesOfGarbageAfterTheLastRecordAreCutOffAndTheRecordsBeforeDelivered()
    {
        await WriteAndCloseAsync("kept-1", "kept-2");
        var segment = _queue.SegmentFiles().Single();
        var garbage = new byte[4 * 1024 * 1024];
        new Random(8).NextBytes(garbage);
        using (var file = File.OpenHandle(segment, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(file, garbage, RandomAccess.GetLength(file));
        }

        await using var log = _queue.Open();

        Assert.Equal(["kept-1", "kept-2"], Texts(ReadAvailable(log)));
        Assert.Equal(garbage.Length, log.Recovery.TruncatedBytes);
    }

    [Fact]
    public async Task ADamagedLengthFieldIsSteppedOverToTheNextIntactRecord()
    {
        await WriteAndCloseAsync("alpha", "bravo", "charlie", "delta");
        var segment = _queue.SegmentFiles().Single();
        var bravoFrame = SegmentHeader + FrameHeader + "alpha".Length;
        using (var file = File.OpenHandle(segment, FileMode.Open, FileAccess.Write))
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, 0x00F0_0000); // a plausible but wrong length
            RandomAccess.Write(file, length, bravoFrame);
        }

        await using var log = _queue.Open();

        Assert.Equal(["alpha", "charlie", "delta"], Texts(ReadAvailable(log)));
        Assert.Equal(FrameHeader + "bravo".Length, Assert.Single(log.Recovery.CorruptRecords).Length);
    }

    [Fact]
    public async Task AGatewayKilledInTheMiddleOfAWriteRecoversEveryAcknowledgedRecord()
    {
        var log = _queue.Open();
        await AppendTextsAsync(log, "acked-1", "acked-2", "acked-3");
        var delivered = ReadAvailable(log);
        log.Acknowledge(delivered[0].Position);
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(_queue.LogPath, "checkpoint")), "the checkpoint is written");

        // kill -9 during the next group write: the files as they are, plus half a frame at the end.
        using var crashed = _queue.SnapshotAsIfKilled();
        var segment = crashed.SegmentFiles().Single();
        using (var file = File.OpenHandle(segment, FileMode.Open, FileAccess.Write))
        {
            var halfFrame = new byte[] { 200, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, (byte)'h', (byte)'a' };
            RandomAccess.Write(file, halfFrame, RandomAccess.GetLength(file));
        }

        await using (var restarted = crashed.Open())
        {
            Assert.Equal(["acked-2", "acked-3"], Texts(ReadAvailable(restarted)));
            Assert.Equal(10, restarted.Recovery.TruncatedBytes);
        }

        await log.DisposeAsync();
    }

    [Fact]
    public async Task ADamagedCheckpointMeansRedeliveryNeverLoss()
    {
        await using (var log = _queue.Open())
        {
            await AppendTextsAsync(log, "a", "b");
            log.Acknowledge(ReadAvailable(log)[0].Position);
        }

        var checkpoint = Path.Combine(_queue.LogPath, "checkpoint");
        FlipByte(checkpoint, 10);

        await using var reopened = _queue.Open();
        Assert.Equal(["a", "b"], Texts(ReadAvailable(reopened)));
    }

    [Fact]
    public async Task DamageFoundWhileRunningIsMovedAsideLikeDamageFoundAtStart()
    {
        await using var log = _queue.Open();
        await AppendTextsAsync(log, "one", "two", "three");
        FlipByte(_queue.SegmentFiles().Single(), SegmentHeader + FrameHeader + "one".Length + FrameHeader + 1);

        Assert.Equal(["one", "three"], Texts(ReadAvailable(log)));
        Assert.Equal(1, Interlocked.Read(ref _corruptCounted));
        Assert.Equal(2, log.PendingRecords);
    }

    [Fact]
    public async Task AFileThatIsNoSegmentIsMovedAsideAndTheQueueStillOpens()
    {
        await WriteAndCloseAsync("kept");
        var foreign = Path.Combine(_queue.LogPath, "segment-0000000000000000.log");
        await File.WriteAllTextAsync(foreign, "this is not a queue segment at all");

        await using var log = _queue.Open();

        Assert.Equal(["kept"], Texts(ReadAvailable(log)));
        Assert.False(File.Exists(foreign));
        Assert.Contains("bad header", Assert.Single(log.Recovery.CorruptRecords).Reason, StringComparison.Ordinal);
    }

    private async Task WriteAndCloseAsync(params string[] texts)
    {
        await using var log = _queue.Open();
        await AppendTextsAsync(log, texts);
    }

    private static void TruncateTo(string path, long length)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        RandomAccess.SetLength(file, length);
    }

    private static void FlipByte(string path, long offset)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var one = new byte[1];
        RandomAccess.Read(file, one, offset);
        one[0] ^= 0x01;
        RandomAccess.Write(file, one, offset);
    }
}
