using Gateway.Otlp.Receivers.Limits;

namespace Gateway.Tests.Otlp;

/// <summary>max_in_flight_memory: requests share the budget; one that does not fit is refused, one alone always fits.</summary>
public sealed class InFlightMemoryBudgetTests
{
    [Fact]
    public void RequestsShareTheBudgetAndGiveTheirShareBackExactlyOnce()
    {
        var admission = new RequestAdmission(new InFlightMemoryBudget(10_000));

        var first = admission.Admit(bodyBytes: 1000, records: 5, maxRecords: 10);
        Assert.Equal(InFlightMemoryBudget.Estimate(1000, 5), admission.Budget.Used);
        var refused = Assert.Throws<InFlightMemoryExceededException>(() => admission.Admit(bodyBytes: 1000, records: 5, maxRecords: 10));
        Assert.Contains("max_in_flight_memory (10000 bytes)", refused.Message, StringComparison.Ordinal);
        var tooMany = Assert.Throws<TooManyRecordsException>(() => admission.Admit(bodyBytes: 10, records: 11, maxRecords: 10));
        Assert.Contains("max_records_per_request (10)", tooMany.Message, StringComparison.Ordinal);

        first.Dispose();
        first.Dispose();
        Assert.Equal(0, admission.Budget.Used);
        using var alone = admission.Admit(bodyBytes: 100_000, records: 1, maxRecords: 10);
        Assert.True(admission.Budget.Used > admission.Budget.Limit, "a request alone is admitted even past the budget");
    }
}
