namespace Gateway.Queues;

/// <summary>
/// When a block-policy queue takes a request, the same for memory and disk queues. A request that fits beside what is
/// queued gets in. A request with more events than the whole queue holds could never fit beside anything (and under a
/// steady load the queue is never empty), so it gets in whenever the queue is below its size: the queue then goes over
/// its size once, by that request, and refuses everything until it is below again. So every request can eventually
/// be accepted, and a client retrying a 429 always wins once the destination drains the queue.
/// </summary>
internal static class QueueRoom
{
    public static bool Admits(int used, int count, int capacity) =>
        used + count <= capacity || (count > capacity && used < capacity);
}
