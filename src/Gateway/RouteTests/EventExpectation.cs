using Gateway.Configuration;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.RouteTests;

/// <summary>
/// What must happen to an event: whether sampling keeps it, the routes it matches, the exporters it reaches, its
/// attribute values and message after redaction, and fields of the Elasticsearch (ECS) document. Only what is
/// written is checked.
/// </summary>
public sealed class EventExpectation : IValidatableOptions
{
    public static readonly string[] Keys = ["kept", "routes", "exporters", "attributes", "message", "ecs"];

    /// <summary>True: the processors pass it on (sampling keeps it, or a later error of its session releases it).</summary>
    public bool? Kept { get; set; }

    /// <summary>Every route it matches, drop routes included (an empty list: none, so it is unrouted).</summary>
    public List<string> Routes { get; set; } = [];

    /// <summary>Every exporter it reaches (an empty list: none).</summary>
    public List<string> Exporters { get; set; } = [];

    /// <summary>Attribute values after the processors; <c>null</c> means the attribute must be gone.</summary>
    public YamlNode? Attributes { get; set; }

    /// <summary>The message (string body) after the processors.</summary>
    public string? Message { get; set; }

    /// <summary>Fields of the ECS document the Elasticsearch exporter writes, by dotted path; <c>null</c>: absent.</summary>
    public YamlNode? Ecs { get; set; }

    public bool RoutesGiven { get; private set; }

    public bool ExportersGiven { get; private set; }

    public bool MessageGiven { get; private set; }

    public void Validate(OptionsValidationContext context)
    {
        RoutesGiven = context.NodeOf("routes") is not null;
        ExportersGiven = context.NodeOf("exporters") is not null;
        MessageGiven = context.NodeOf("message") is not null;
        if (Attributes is not null and not YamlMappingNode) context.Error("attributes", $"expected 'key: value' entries (user.email: \"***\", or null for an attribute that must be gone), got {YamlBinder.Describe(Attributes)}");
        if (Ecs is not null and not YamlMappingNode) context.Error("ecs", $"expected 'field: value' entries by dotted path (log.level: error, service.name: checkout), got {YamlBinder.Describe(Ecs)}");
    }
}
