using System.Text.Json;
using Gateway.Envelope;

namespace Gateway.Host.RouteTests;

/// <summary>What happened to one event on its way through the processors and routes, step by step.</summary>
internal sealed class EventJourney(int number, EventEnvelope envelope, string received, IReadOnlyList<EventExpectation> expectations, int line)
{
    /// <summary>1-based position among the test's events.</summary>
    public int Number { get; } = number;

    /// <summary>
    /// The envelope as the processors passed it on; replaced when sampling releases a held event, which is a new
    /// object decoded from the form it was held in.
    /// </summary>
    public EventEnvelope Envelope { get; set; } = envelope;

    /// <summary>The envelope as the receiver mapped it, before any processor (JSON).</summary>
    public string Received { get; } = received;

    /// <summary>What must hold for it: the test's <c>expect:</c> and its input's, each checking what it writes (none for a journey only).</summary>
    public IReadOnlyList<EventExpectation> Expectations { get; } = expectations;

    /// <summary>The line of the input it came from.</summary>
    public int Line { get; } = line;

    /// <summary>One line per processor and what it did, in the order they ran.</summary>
    public List<(string Processor, string Outcome)> Steps { get; } = [];

    /// <summary>The processors passed it on (sampling kept it, or released it when its session reported an error).</summary>
    public bool Kept { get; set; }

    public List<string> Routes { get; } = [];

    public List<string> Exporters { get; } = [];

    /// <summary>The document each Elasticsearch exporter that receives it would write.</summary>
    public List<(string Exporter, string Mapping, string Index, JsonElement Document)> Documents { get; } = [];

    public string Label => $"event {Number} ({Envelope.Name})";
}
