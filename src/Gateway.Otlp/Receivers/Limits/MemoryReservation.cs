namespace Gateway.Otlp.Receivers.Limits;

/// <summary>One request's share of <see cref="InFlightMemoryBudget"/>, given back exactly once when the request is answered.</summary>
public sealed class MemoryReservation(InFlightMemoryBudget budget, long bytes) : IDisposable
{
    private long _bytes = bytes;

    public void Dispose()
    {
        var bytes = Interlocked.Exchange(ref _bytes, 0);
        if (bytes > 0) budget.Release(bytes);
    }
}
