using Gateway.Configuration;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.RouteTests;

/// <summary>
/// One input of a test: an OTLP/JSON log record (<c>record:</c>, with its <c>resource:</c> and <c>scope:</c>), or a whole
/// OTLP/JSON export request (<c>otlp:</c>, every record of it). <c>event:</c> is kept for the JSON events API shape.
/// </summary>
public sealed class TestEventInput : IValidatableOptions
{
    public const string EventsApiKey = "event";

    /// <summary>An OTLP/JSON logRecord; its <c>attributes</c> may also be written as a plain map and its <c>body</c> as a string.</summary>
    public YamlNode? Record { get; set; }

    /// <summary>The record's resource attributes as a plain map (<c>service.name: checkout</c>), or an OTLP/JSON resource.</summary>
    public YamlNode? Resource { get; set; }

    /// <summary>The record's instrumentation scope, as OTLP/JSON (<c>{name: Shop.Checkout, version: 1.2.0}</c>).</summary>
    public YamlNode? Scope { get; set; }

    /// <summary>A whole OTLP/JSON ExportLogsServiceRequest (what an SDK posts to /v1/logs): each of its records is an event.</summary>
    public YamlNode? Otlp { get; set; }

    /// <summary>Reserved for an event in the JSON events API shape; refused with what to write instead until that API exists.</summary>
    public YamlNode? Event { get; set; }

    /// <summary>What must hold for the event(s) of this input, on top of the test's <c>expect:</c>.</summary>
    public EventExpectation? Expect { get; set; }

    /// <summary>Where the input starts, for messages.</summary>
    public int Line { get; private set; }

    public void Validate(OptionsValidationContext context)
    {
        Line = (int)((Record ?? Otlp ?? Event)?.Start.Line ?? 0);
        if (Event is not null)
        {
            context.Error(EventsApiKey, "the JSON events API shape is not supported by this gateway yet; write the event as an OTLP/JSON record (record: { eventName: ..., severityNumber: ..., attributes: {...} }) or a whole request (otlp: { resourceLogs: [...] })");
            return;
        }

        if ((Record is null) == (Otlp is null)) context.Error("write exactly one of record: (an OTLP/JSON log record) or otlp: (a whole OTLP/JSON request with resourceLogs)");
        if (Otlp is not null && (Resource is not null || Scope is not null)) context.Error("resource: and scope: go with record:; inside otlp: write them in the request's resourceLogs");
        if (Record is not null and not YamlMappingNode) context.Error("record", $"expected an OTLP/JSON log record ({{ eventName: ..., severityNumber: 17, body: ..., attributes: {{...}} }}), got {YamlBinder.Describe(Record)}");
        if (Otlp is not null and not YamlMappingNode) context.Error("otlp", $"expected an OTLP/JSON request ({{ resourceLogs: [...] }}), got {YamlBinder.Describe(Otlp)}");
        if (Resource is not null and not YamlMappingNode) context.Error("resource", $"expected resource attributes as a map (service.name: checkout), got {YamlBinder.Describe(Resource)}");
    }
}
