using Gateway.Configuration;
using Gateway.Exporters.Elasticsearch.Targets;

namespace Gateway.Exporters.Elasticsearch.Configuration;

/// <summary>
/// The <c>data_stream:</c> block. Documents go to <c>logs-{dataset}-{namespace}</c>; an event's
/// <c>data_stream.dataset</c> / <c>data_stream.namespace</c> attributes override these per event.
/// </summary>
public sealed class DataStreamOptions : IValidatableOptions
{
    public string Dataset { get; set; } = "gateway";

    /// <summary>Fixed namespace; when unset the event's environment is used, and "default" when it has none.</summary>
    public string? Namespace { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (DataStreamNamePart.Sanitize(Dataset, null) != Dataset)
        {
            context.Error("dataset", $"'{Dataset}' is not a valid dataset: use lower case letters, digits, '_' and '.', at most 100 bytes, no '-' (e.g. {DataStreamNamePart.Sanitize(Dataset, "gateway")})");
        }

        if (Namespace is not null && DataStreamNamePart.Sanitize(Namespace, null) != Namespace)
        {
            context.Error("namespace", $"'{Namespace}' is not a valid namespace: use lower case letters, digits, '_' and '.', at most 100 bytes, no '-' (e.g. {DataStreamNamePart.Sanitize(Namespace, "default")})");
        }
    }
}
