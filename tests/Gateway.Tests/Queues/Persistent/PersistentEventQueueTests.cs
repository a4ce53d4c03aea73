using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Queues;
using Gateway.Queues.Persistent;
using Gateway.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Queues.Persistent;

/// <summary>The exporter-facing queue over the durable log: what a restart keeps, what backpressure refuses, what is dropped.</summary>
public sealed class PersistentEventQueueTests : IDisposable
{
    private static readonly BatchLimits Immediate = new(100, long.MaxValue, TimeSpan.Zero);

    private readonly QueueDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WhatWasNotCompletedComesBackAfterReopeningBeforeAnythingNew()
    {
        var first = Events(3);
        var second = Events(2);
        await using (var queue = Open())
        {
            await queue.EnqueueAsync(first, reserved: false, CancellationToken.None);
            await queue.EnqueueAsync(second, reserved: false, CancellationToken.None);
            var delivered = await queue.LeaseAsync(new BatchLimits(3, long.MaxValue, TimeSpan.Zero), CancellationToken.None);
            await queue.CompleteAsync(delivered!);
            var failed = await queue.LeaseAsync(Immediate, CancellationToken.None);
            Assert.Equal(Ids(second), Ids(failed!.Envelopes));

            // Leased but never confirmed when the gateway stops: still pending.
        }

        var newer = Events(1);
        await using var reopened = Open();
        Assert.Equal(2, reopened.Recovery.PendingRecords);
        Assert.Equal(2, reopened.Count);
        await reopened.EnqueueAsync(newer, reserved: false, CancellationToken.None);
        var lease = await reopened.LeaseAsync(Immediate, CancellationToken.None);

        Assert.Equal(Ids([.. second, .. newer]), Ids(lease!.Envelopes));
        Assert.Equal(second[0].Message, lease.Envelopes[0].Message);
    }

    [Fact]
    public async Task AnAbandonedLeaseIsLeasedAgainFirstAndACompletedOneFreesItsRoom()
    {
        await using var queue = Open(size: 10);
        var events = Events(4);
        await queue.EnqueueAsync(events, reserved: false, CancellationToken.None);
        var lease = await queue.LeaseAsync(new BatchLimits(2, long.MaxValue, TimeSpan.Zero), CancellationToken.None);
        await queue.AbandonAsync(lease!);

        var again = await queue.LeaseAsync(Immediate, CancellationToken.None);
        Assert.Equal(Ids(events), Ids(again!.Envelopes));
        Assert.Equal(4, queue.Count);

        await queue.CompleteAsync(again);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task AStoppingWorkerIsNotHandedWaitingEventsAgainSoAnAbortedLaneCannotSpin()
    {
        await using var queue = Open(size: 10);
        var events = Events(3);
        await queue.EnqueueAsync(events, reserved: false, CancellationToken.None);
        queue.CompleteAdding();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.LeaseAsync(Immediate, aborted.Token));
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public async Task ABlockingQueueRefusesAWholeRequestWhenItsSizeIsReached()
    {
        await using var queue = Open(size: 5);
        Assert.True(queue.TryReserve(4));
        await queue.EnqueueAsync(Events(4), reserved: true, CancellationToken.None);

        Assert.False(queue.TryReserve(2));
        Assert.True(queue.TryReserve(1));
        queue.CancelReservation(1);
        Assert.Equal(4, queue.Count);
    }

    [Fact]
    public async Task ARequestLargerThanTheWholeQueueGetsInWheneverTheQueueIsBelowItsSize()
    {
        await using var queue = Open(size: 5);
        Assert.True(queue.TryReserve(2));
        await queue.EnqueueAsync(Events(2), reserved: true, CancellationToken.None);

        Assert.True(queue.TryReserve(8));
        await queue.EnqueueAsync(Events(8), reserved: true, CancellationToken.None);

        Assert.Equal(10, queue.Count);
        Assert.False(queue.TryReserve(1));
    }

    [Fact]
    public async Task ARequestMaxBytesCanNeverHoldIsRefusedForGoodNamingTheLimitAndStoresNothing()
    {
        await using var queue = Open(size: 100_000, maxBytes: 1024 * 1024);
        var small = Events(10);
        Assert.True(queue.TryReserve(small.Count));
        await queue.EnqueueAsync(small, reserved: true, CancellationToken.None);

        // Two events of 500KiB: more than 1MiB minus the segment that always stays. The estimate lets it through to
        // the exact check, which says it will never fit (not that the queue is full for now).
        var huge = new List<EventEnvelope> { Some.Envelope(message: new string('x', 500 * 1024)), Some.Envelope(message: new string('y', 500 * 1024)) };
        Assert.True(queue.TryReserve(huge.Count));
        var refused = await Assert.ThrowsAsync<QueueRequestTooLargeException>(async () => await queue.EnqueueAsync(huge, reserved: true, CancellationToken.None));
        queue.CancelReservation(huge.Count);

        Assert.Contains("max_bytes", refused.Message, StringComparison.Ordinal);
        Assert.Contains(_directory.Name, refused.Message, StringComparison.Ordinal);
        Assert.Equal(small.Count, queue.Count);
        var lease = await queue.LeaseAsync(new BatchLimits(5000, long.MaxValue, TimeSpan.Zero), CancellationToken.None);
        Assert.Equal(Ids(small), Ids(lease!.Envelopes));
    }

    [Fact]
    public async Task AReservedEnqueueBeyondMaxBytesStoresNothingAndSaysTheQueueIsFull()
    {
        await using var queue = Open(size: 100_000, maxBytes: 1024 * 1024);
        var small = Events(2000);
        Assert.True(queue.TryReserve(small.Count));
        await queue.EnqueueAsync(small, reserved: true, CancellationToken.None);

        // The reservation is judged by the average record so far; only the append knows this one does not fit.
        var big = Some.Envelope(message: new string('x', 400 * 1024), attributes: []);
        Assert.True(queue.TryReserve(1));
        await Assert.ThrowsAsync<QueueFullException>(async () => await queue.EnqueueAsync([big], reserved: true, CancellationToken.None));
        queue.CancelReservation(1);

        Assert.Equal(small.Count, queue.Count);
        var lease = await queue.LeaseAsync(new BatchLimits(5000, long.MaxValue, TimeSpan.Zero), CancellationToken.None);
        Assert.Equal(Ids(small), Ids(lease!.Envelopes));
    }

    [Fact]
    public async Task AQueueNearMaxBytesRefusesAReservationItCannotHold()
    {
        await using var queue = Open(size: 100_000, maxBytes: 1024 * 1024);
        var big = Some.Envelope(message: new string('x', 300 * 1024), attributes: []);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(queue.TryReserve(1));
            await queue.EnqueueAsync([big], reserved: true, CancellationToken.None);
        }

        Assert.False(queue.TryReserve(1));
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public async Task DropNewestStoresWhatFitsAndCountsTheRest()
    {
        await using var queue = Open(size: 3, policy: QueueFullPolicy.DropNewest);
        var events = Events(5);

        var outcome = await queue.EnqueueAsync(events, reserved: false, CancellationToken.None);
        var lease = await queue.LeaseAsync(Immediate, CancellationToken.None);

        Assert.Equal(2, outcome.Dropped);
        Assert.Equal(Ids(events[..3]), Ids(lease!.Envelopes));
    }

    [Fact]
    public async Task ARecordThatDoesNotDecodeIsAcknowledgedAndDroppedNotRetried()
    {
        var good = Events(1);
        await using (var log = DurableLog.Open(Options()))
        {
            // Intact on disk (its CRC checks) but a format version this gateway does not know.
            await log.AppendAsync(new byte[] { 99, 1, 2, 3 });
        }

        await using (var queue = Open())
        {
            await queue.EnqueueAsync(good, reserved: false, CancellationToken.None);
            var lease = await queue.LeaseAsync(Immediate, CancellationToken.None);
            Assert.Equal(Ids(good), Ids(lease!.Envelopes));
            await queue.CompleteAsync(lease);
            Assert.Equal(0, queue.Count);
        }

        await using var reopened = Open();
        Assert.Equal(0, reopened.Recovery.PendingRecords);
    }

    [Fact]
    public async Task LeasingEndsWithNullOnceAddingIsCompleteAndEverythingIsLeased()
    {
        await using var queue = Open();
        await queue.EnqueueAsync(Events(2), reserved: false, CancellationToken.None);
        queue.CompleteAdding();

        Assert.Equal(2, (await queue.LeaseAsync(new BatchLimits(100, long.MaxValue, TimeSpan.FromMinutes(10)), CancellationToken.None))!.Count);
        Assert.Null(await queue.LeaseAsync(Immediate, CancellationToken.None));
        Assert.False(queue.TryReserve(1));
    }

    private PersistentEventQueue Open(int size = 1000, long maxBytes = 64L * 1024 * 1024, QueueFullPolicy policy = QueueFullPolicy.Block) =>
        PersistentEventQueue.Open(_directory.Name, new QueueOptions
        {
            Type = QueueType.Persistent, Dir = _directory.Root, Size = size, MaxBytes = new ByteSize(maxBytes), Policy = policy,
        }, TimeProvider.System, NullLogger.Instance);

    private DurableLogOptions Options() => _directory.Options();

    private static List<EventEnvelope> Events(int count)
    {
        var events = new List<EventEnvelope>(count);
        for (var i = 0; i < count; i++) events.Add(Some.Envelope(message: $"event {i}"));
        return events;
    }

    private static List<UInt128> Ids(IEnumerable<EventEnvelope> envelopes) => envelopes.Select(e => e.Id).ToList();
}
