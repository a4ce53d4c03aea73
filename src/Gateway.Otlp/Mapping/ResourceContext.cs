using Gateway.Envelope;
using Gateway.Otlp.Proto.Resource.V1;
using EnvelopeKeyValue = Gateway.Envelope.KeyValue;

namespace Gateway.Otlp.Mapping;

/// <summary>What every record of one ResourceLogs shares, worked out once per resource rather than per record.</summary>
internal sealed class ResourceContext
{
    public const string UnknownService = "unknown_service";

    public required string Service { get; init; }

    public string? Environment { get; init; }

    public string? Version { get; init; }

    /// <summary>The resource attributes not lifted into service/environment/version (host.name, telemetry.sdk.* ...).</summary>
    public required EnvelopeKeyValue[] Remaining { get; init; }

    /// <summary>Resource keys cut to the bounds, already prefixed with "resource."; null when nothing was cut.</summary>
    public TruncationMarks? Truncated { get; init; }

    /// <summary>Identity of the resource for record ids: two services sending the same record get different ids.</summary>
    public ulong Hash { get; init; }

    public static ResourceContext Create(Resource? resource, AttributeBounds bounds, string? defaultEnvironment, ulong hash)
    {
        if (resource is null || resource.Attributes.Count == 0)
        {
            return new ResourceContext { Service = UnknownService, Environment = defaultEnvironment, Remaining = [], Hash = hash };
        }

        string? service = null, version = null, environmentName = null, environment = null;
        Proto.Common.V1.KeyValue? environmentLoser = null;
        var remaining = new List<EnvelopeKeyValue>(resource.Attributes.Count);
        TruncationMarks? truncated = null;
        var attributes = resource.Attributes;
        for (var a = 0; a < attributes.Count; a++)
        {
            var attribute = attributes[a];
            var text = AnyValueText.AsText(attribute.Value);
            switch (attribute.Key)
            {
                case "service.name" when text is not null && service is null: service = text; continue;
                case "service.version" when text is not null && version is null: version = text; continue;
                case "deployment.environment.name" when text is not null && environmentName is null: environmentName = text; continue;
                case "deployment.environment" when text is not null && environment is null: environment = text; environmentLoser = attribute; continue;
            }

            Add(remaining, attribute, bounds, ref truncated);
        }

        // The older deployment.environment only counts when the current key is absent; otherwise it stays visible.
        if (environmentName is not null && environmentLoser is not null) Add(remaining, environmentLoser, bounds, ref truncated);
        return new ResourceContext
        {
            Service = service ?? UnknownService,
            Environment = environmentName ?? environment ?? defaultEnvironment,
            Version = version,
            Remaining = remaining.ToArray(),
            Truncated = truncated is { IsEmpty: false } ? truncated : null,
            Hash = hash,
        };
    }

    private static void Add(List<EnvelopeKeyValue> remaining, Proto.Common.V1.KeyValue attribute, AttributeBounds bounds, ref TruncationMarks? truncated)
    {
        if (remaining.Count >= bounds.MaxAttributes)
        {
            (truncated ??= new TruncationMarks()).Mark("resource");
            return;
        }

        var cut = false;
        remaining.Add(new EnvelopeKeyValue(attribute.Key, bounds.Convert(attribute.Value, ref cut)));
        if (cut) (truncated ??= new TruncationMarks()).Mark("resource." + attribute.Key);
    }
}
