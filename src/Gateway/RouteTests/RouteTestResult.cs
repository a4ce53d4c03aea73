namespace Gateway.Host.RouteTests;

/// <summary>The outcome of one test: its journeys, the events whose expectations failed, or why it could not run.</summary>
internal sealed record RouteTestResult(RouteTestCase Test, IReadOnlyList<EventJourney> Journeys, IReadOnlyList<(EventJourney Journey, List<Mismatch> Mismatches)> Failures, string? Error)
{
    public bool Passed => Error is null && Failures.Count == 0;
}
