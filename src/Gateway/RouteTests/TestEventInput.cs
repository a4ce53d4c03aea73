using Gateway.Configuration;
using Gateway.Otlp.Events;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.RouteTests;

/// <summary>
/// One input of a test: an OTLP/JSON log record (<c>record:</c>, with its <c>resource:</c> and <c>scope:</c>), or a whole
/// OTLP/JSON export request (<c>otlp:</c>, every record of it), or an event as <c>POST /v1/events</c> takes it
/// (<c>event:</c>, in any of the shapes that API reads).
/// </summary>
public sealed class TestEventInput : IValidatableOptions
{
    /// <summary>An OTLP/JSON logRecord; its <c>attributes</c> may also be written as a plain map and its <c>body</c> as a string.</summary>
    public YamlNode? Record { get; set; }

    /// <summary>The record's resource attributes as a plain map (<c>service.name: checkout</c>), or an OTLP/JSON resource.</summary>
    public YamlNode? Resource { get; set; }

    /// <summary>The record's instrumentation scope, as OTLP/JSON (<c>{name: Shop.Checkout, version: 1.2.0}</c>).</summary>
    public YamlNode? Scope { get; set; }

    /// <summary>A whole OTLP/JSON ExportLogsServiceRequest (what an SDK posts to /v1/logs): each of its records is an event.</summary>
    public YamlNode? Otlp { get; set; }

    /// <summary>An event as the JSON events API takes it (Igniter, Flux, Operational, Tracardi or Dash0 shape), or a batch <c>{events: [...]}</c>.</summary>
    public YamlNode? Event { get; set; }

    /// <summary>The shape to read <see cref="Event"/> as, as <c>?format=</c> names it; without it each event's shape is detected.</summary>
    public string? Format { get; set; }

    /// <summary>The parsed <see cref="Format"/>.</summary>
    public EventFormat? Shape { get; private set; }

    /// <summary>What must hold for the event(s) of this input, on top of the test's <c>expect:</c>.</summary>
    public EventExpectation? Expect { get; set; }

    /// <summary>Where the input starts, for messages.</summary>
    public int Line { get; private set; }

    public void Validate(OptionsValidationContext context)
    {
        Line = (int)((Record ?? Otlp ?? Event)?.Start.Line ?? 0);
        if ((Record is null ? 0 : 1) + (Otlp is null ? 0 : 1) + (Event is null ? 0 : 1) != 1)
        {
            context.Error("write exactly one of record: (an OTLP/JSON log record), otlp: (a whole OTLP/JSON request with resourceLogs) or event: (an event as POST /v1/events takes it, e.g. { name: user.signup, properties: { plan: pro } })");
        }

        if (Record is null && (Resource is not null || Scope is not null)) context.Error("resource: and scope: go with record:; inside otlp: write them in the request's resourceLogs, in event: as that shape names its service");
        if (Event is not null and not (YamlMappingNode or YamlSequenceNode)) context.Error("event", $"expected an event object ({{ name: user.signup, properties: {{...}} }}) or a list of them, got {YamlBinder.Describe(Event)}");
        if (Format is not null)
        {
            if (Event is null) context.Error("format", "names the shape of event:; write it beside an event:");
            else if (EventFormats.TryParse(Format, out var format)) Shape = format;
            else context.Error("format", $"'{Format}' is not a shape the events API reads; write one of {EventFormats.Expected}, or leave it out to detect the event's");
        }

        if (Record is not null and not YamlMappingNode) context.Error("record", $"expected an OTLP/JSON log record ({{ eventName: ..., severityNumber: 17, body: ..., attributes: {{...}} }}), got {YamlBinder.Describe(Record)}");
        if (Otlp is not null and not YamlMappingNode) context.Error("otlp", $"expected an OTLP/JSON request ({{ resourceLogs: [...] }}), got {YamlBinder.Describe(Otlp)}");
        if (Resource is not null and not YamlMappingNode) context.Error("resource", $"expected resource attributes as a map (service.name: checkout), got {YamlBinder.Describe(Resource)}");
    }
}
