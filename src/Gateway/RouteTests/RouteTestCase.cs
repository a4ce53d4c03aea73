using Gateway.Configuration;

namespace Gateway.Host.RouteTests;

/// <summary>One test: events sent in order through the configuration's processors and routes, and what must happen to them.</summary>
public sealed class RouteTestCase : IValidatableOptions
{
    public string? Name { get; set; }

    /// <summary>The sampling seed for this test (else the file's <c>seed:</c>, else the configuration's).</summary>
    public long? Seed { get; set; }

    /// <summary>Sent one after another, each as its own request, so a later error can release an earlier held event.</summary>
    public List<TestEventInput> Events { get; set; } = [];

    /// <summary>What must hold for every event of the test (an event's own <c>expect:</c> adds to it).</summary>
    public EventExpectation? Expect { get; set; }

    /// <summary>The line the test starts at, for the report.</summary>
    public int Line { get; private set; }

    public void Validate(OptionsValidationContext context)
    {
        Line = (int)(context.NodeOf("name")?.Start.Line ?? context.NodeOf("events")?.Start.Line ?? 0);
        if (string.IsNullOrWhiteSpace(Name)) context.Error("name", "every test needs a name: saying what it checks, e.g. name: payment failures page on-call");
        if (Events.Count == 0) context.Error("events", "no events: write events: [ { record: { severityNumber: 17, eventName: payment.failed } } ]");
    }
}
