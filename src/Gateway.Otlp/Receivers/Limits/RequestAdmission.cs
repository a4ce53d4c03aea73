namespace Gateway.Otlp.Receivers.Limits;

/// <summary>
/// The checks between reading a request's bytes and decoding them, the same for both transports: the number of
/// records (counted on the wire, stopping just past the limit) against <c>max_records_per_request</c>, then a share
/// of <c>max_in_flight_memory</c>.
/// </summary>
public sealed class RequestAdmission(InFlightMemoryBudget budget)
{
    public InFlightMemoryBudget Budget => budget;

    /// <summary>Throws <see cref="TooManyRecordsException"/> or <see cref="InFlightMemoryExceededException"/>; dispose the reservation once answered.</summary>
    public MemoryReservation Admit(int bodyBytes, int records, int maxRecords)
    {
        if (records > maxRecords) throw new TooManyRecordsException(maxRecords);
        return budget.TryReserve(bodyBytes, records) ?? throw new InFlightMemoryExceededException(budget.Limit);
    }
}
