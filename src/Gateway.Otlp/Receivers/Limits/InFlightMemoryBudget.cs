namespace Gateway.Otlp.Receivers.Limits;

/// <summary>
/// <c>max_in_flight_memory</c>: the memory all requests being decoded and handed to the pipeline may take together,
/// across both protocols. Each request reserves its estimate once its body is read and its records are counted, before
/// anything is decoded, and gives it back when it is answered; one that does not fit is answered 503 / UNAVAILABLE
/// with a retry hint. A request alone always fits, so a transient limit never refuses a request for good.
/// </summary>
public sealed class InFlightMemoryBudget(long limit)
{
    /// <summary>
    /// Managed memory one log record costs from decoding to the queues, apart from its content: measured at about 350
    /// bytes for an empty record (1M empty records, 1.9 MiB of protobuf, took 346 MB), rounded up.
    /// </summary>
    public const int BytesPerRecord = 512;

    /// <summary>Memory per byte of body: the body itself, plus its text as .NET strings (UTF-16) and their objects.</summary>
    public const int BytesPerBodyByte = 4;

    private long _used;

    public long Limit => limit;

    /// <summary>Bytes reserved by requests in flight now.</summary>
    public long Used => Volatile.Read(ref _used);

    /// <summary>The memory a request of <paramref name="bodyBytes"/> holding <paramref name="records"/> records is expected to take.</summary>
    public static long Estimate(long bodyBytes, long records) => (records * BytesPerRecord) + (bodyBytes * BytesPerBodyByte);

    /// <summary>Reserves the estimate, or returns null when the requests in flight leave no room for it.</summary>
    public MemoryReservation? TryReserve(long bodyBytes, long records)
    {
        var bytes = Estimate(bodyBytes, records);
        var used = Interlocked.Add(ref _used, bytes);
        if (used <= limit || used == bytes) return new MemoryReservation(this, bytes);
        Interlocked.Add(ref _used, -bytes);
        return null;
    }

    internal void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
