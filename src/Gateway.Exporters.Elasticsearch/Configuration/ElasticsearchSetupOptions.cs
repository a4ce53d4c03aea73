using System.Text.RegularExpressions;
using Gateway.Configuration;

namespace Gateway.Exporters.Elasticsearch.Configuration;

/// <summary>
/// The <c>setup:</c> block: what the exporter installs at start (ILM policy, component templates, index template).
/// Every step is a PUT of the same body, so running it again changes nothing.
/// </summary>
public sealed partial class ElasticsearchSetupOptions : IValidatableOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Name of the composable index template; its component templates are <c>{name}@mappings</c> and <c>{name}@settings</c>.</summary>
    public string TemplateName { get; set; } = "gateway-logs";

    /// <summary>Above the built-in <c>logs</c> template (100), so our mappings win for our data streams.</summary>
    public int Priority { get; set; } = 200;

    /// <summary>ILM policy attached to the data streams' backing indices; empty to attach none (e.g. on Serverless).</summary>
    public string IlmPolicy { get; set; } = "gateway-logs";

    /// <summary>Delete backing indices this long after rollover (an Elasticsearch time unit: 30d, 12h); unset keeps them.</summary>
    public string? DeleteAfter { get; set; }

    /// <summary>Further datasets that events choose through their <c>data_stream.dataset</c> attribute, so they get the same mappings.</summary>
    public List<string> ExtraDatasets { get; set; } = [];

    public void Validate(OptionsValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(TemplateName) || !Targets.DataStreamNamePart.IsValidIndexText(TemplateName))
        {
            context.Error("template_name", $"'{TemplateName}' is not a usable template name: write lower case without spaces, e.g. gateway-logs");
        }

        if (Priority <= 100)
        {
            context.Error("priority", $"must be above 100 (the built-in logs-*-* template's priority), got {Priority}; write e.g. priority: 200");
        }

        if (DeleteAfter is not null && !TimeUnitPattern().IsMatch(DeleteAfter))
        {
            context.Error("delete_after", $"'{DeleteAfter}' is not an Elasticsearch time unit: write e.g. 30d, 12h or 90m");
        }
    }

    [GeneratedRegex("^[1-9][0-9]*(d|h|m|s)$")]
    private static partial Regex TimeUnitPattern();
}
