using Gateway.Envelope;
using Gateway.Queues;
using Gateway.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Pipeline;

public sealed class MemoryEventQueueTests
{
    private static readonly BatchLimits Immediate = new(100, long.MaxValue, TimeSpan.Zero);

    [Fact]
    public async Task DropOldestMakesRoomByDiscardingTheOldestQueuedEvents()
    {
        var queue = new MemoryEventQueue(3, QueueFullPolicy.DropOldest, TimeProvider.System);
        var events = Events(5);

        var outcome = await queue.EnqueueAsync(events, reserved: false, CancellationToken.None);
        var lease = await queue.LeaseAsync(Immediate, CancellationToken.None);

        Assert.Equal(2, outcome.Dropped);
        Assert.Equal(events[2..], lease!.Envelopes);
    }

    [Fact]
    public async Task DropNewestKeepsWhatIsQueuedAndDiscardsTheIncoming()
    {
        var queue = new MemoryEventQueue(3, QueueFullPolicy.DropNewest, TimeProvider.System);
        var events = Events(5);

        var outcome = await queue.EnqueueAsync(events, reserved: false, CancellationToken.None);
        var lease = await queue.LeaseAsync(Immediate, CancellationToken.None);

        Assert.Equal(2, outcome.Dropped);
        Assert.Equal(events[..3], lease!.Envelopes);
    }

    [Fact]
    public async Task AReservationIsAllOrNothingAndHoldsRoomUntilCancelledOrUsed()
    {
        var queue = new MemoryEventQueue(5, QueueFullPolicy.Block, TimeProvider.System);

        Assert.True(queue.TryReserve(3));
        Assert.False(queue.TryReserve(3));
        Assert.Equal(3, queue.Count);
        queue.CancelReservation(3);
        Assert.True(queue.TryReserve(5));
        var outcome = await queue.EnqueueAsync(Events(5), reserved: true, CancellationToken.None);

        Assert.Equal(0, outcome.Dropped);
        Assert.Equal(5, queue.Count);
        Assert.False(queue.TryReserve(1));
    }

    [Fact]
    public void ARequestLargerThanTheWholeQueueStillFitsAnEmptyQueue()
    {
        var queue = new MemoryEventQueue(5, QueueFullPolicy.Block, TimeProvider.System);

        Assert.True(queue.TryReserve(8));
        Assert.False(queue.TryReserve(1));
    }

    [Fact]
    public async Task ARequestLargerThanTheWholeQueueGetsInWheneverTheQueueIsBelowItsSizeGoingOverItOnce()
    {
        var queue = new MemoryEventQueue(5, QueueFullPolicy.Block, TimeProvider.System);
        await queue.EnqueueAsync(Events(2), reserved: false, CancellationToken.None);

        // Under a steady load the queue is never empty: waiting for that would refuse this request for ever.
        Assert.True(queue.TryReserve(8));
        await queue.EnqueueAsync(Events(8), reserved: true, CancellationToken.None);
        Assert.Equal(10, queue.Count);

        // Over its size now, it takes nothing, not even another oversized request, until it is below again.
        Assert.False(queue.TryReserve(1));
        Assert.False(queue.TryReserve(8));
        var lease = await queue.LeaseAsync(new BatchLimits(6, long.MaxValue, TimeSpan.Zero), CancellationToken.None);
        await queue.CompleteAsync(lease!);
        Assert.Equal(4, queue.Count);
        Assert.False(queue.TryReserve(2));
        Assert.True(queue.TryReserve(8));
    }

    [Fact]
    public async Task LeasedEventsHoldTheirRoomUntilCompleted()
    {
        var queue = new MemoryEventQueue(2, QueueFullPolicy.Block, TimeProvider.System);
        await queue.EnqueueAsync(Events(2), reserved: false, CancellationToken.None);

        var lease = await queue.LeaseAsync(Immediate, CancellationToken.None);
        Assert.False(queue.TryReserve(1));
        await queue.CompleteAsync(lease!);

        Assert.Equal(0, queue.Count);
        Assert.True(queue.TryReserve(2));
    }

    [Fact]
    public async Task AnAbandonedLeaseIsLeasedAgainBeforeNewerEvents()
    {
        var queue = new MemoryEventQueue(10, QueueFullPolicy.Block, TimeProvider.System);
        var first = Events(2);
        var second = Events(2);
        await queue.EnqueueAsync(first, reserved: false, CancellationToken.None);
        var lease = await queue.LeaseAsync(Immediate, CancellationToken.None);
        await queue.EnqueueAsync(second, reserved: false, CancellationToken.None);

        await queue.AbandonAsync(lease!);
        var again = await queue.LeaseAsync(Immediate, CancellationToken.None);

        Assert.Equal([.. first, .. second], again!.Envelopes);
    }

    [Fact]
    public async Task ABatchWaitsForMaxWaitUnlessItFillsFirst()
    {
        var time = new FakeTimeProvider();
        var queue = new MemoryEventQueue(100, QueueFullPolicy.Block, time);
        var limits = new BatchLimits(3, long.MaxValue, TimeSpan.FromMilliseconds(200));
        await queue.EnqueueAsync(Events(2), reserved: false, CancellationToken.None);

        var lingering = queue.LeaseAsync(limits, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(lingering.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, (await lingering.WaitAsync(TimeSpan.FromSeconds(10)))!.Count);

        await queue.EnqueueAsync(Events(2), reserved: false, CancellationToken.None);
        var filling = queue.LeaseAsync(limits, CancellationToken.None).AsTask();
        await queue.EnqueueAsync(Events(2), reserved: false, CancellationToken.None);
        Assert.Equal(3, (await filling.WaitAsync(TimeSpan.FromSeconds(10)))!.Count);
    }

    [Fact]
    public async Task ABatchStopsBeforeMaxBytesButAlwaysTakesOneEvent()
    {
        var queue = new MemoryEventQueue(100, QueueFullPolicy.Block, TimeProvider.System);
        var events = Events(4);
        var size = EnvelopeSizeEstimate.Of(events[0]);
        await queue.EnqueueAsync(events, reserved: false, CancellationToken.None);

        var two = await queue.LeaseAsync(new BatchLimits(100, (2 * size) + (size / 2), TimeSpan.Zero), CancellationToken.None);
        var one = await queue.LeaseAsync(new BatchLimits(100, 1, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal(2, two!.Count);
        Assert.Equal(1, one!.Count);
    }

    [Fact]
    public async Task AfterCompleteAddingLeasingEndsOnceEmpty()
    {
        var queue = new MemoryEventQueue(10, QueueFullPolicy.Block, TimeProvider.System);
        await queue.EnqueueAsync(Events(1), reserved: false, CancellationToken.None);
        queue.CompleteAdding();

        var outcome = await queue.EnqueueAsync(Events(1), reserved: false, CancellationToken.None);

        Assert.Equal(1, outcome.Dropped);
        Assert.NotNull(await queue.LeaseAsync(new BatchLimits(10, long.MaxValue, TimeSpan.FromMinutes(10)), CancellationToken.None));
        Assert.Null(await queue.LeaseAsync(Immediate, CancellationToken.None));
        Assert.False(queue.TryReserve(1));
    }

    private static List<EventEnvelope> Events(int count)
    {
        var events = new List<EventEnvelope>(count);
        for (var i = 0; i < count; i++) events.Add(Some.Envelope(attributes: []));
        return events;
    }
}
