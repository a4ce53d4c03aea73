namespace Gateway.IntegrationTests.Events;

/// <summary>The events API tests read the events counters of the process-wide Meter, so they run one after another (beside the other tests).</summary>
[CollectionDefinition(Name)]
public sealed class EventsCollection
{
    public const string Name = "Events API";
}
