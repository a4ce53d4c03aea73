using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Exporters.Elasticsearch.Targets;
using Gateway.Exporters.Elasticsearch.Transport;

namespace Gateway.Exporters.Elasticsearch.Setup;

/// <summary>
/// Installs what the documents need before the first one is written: an ILM policy, the <c>{name}@settings</c> and
/// <c>{name}@mappings</c> component templates and a composable index template above the built-in <c>logs</c> one.
/// Each step is a PUT of a fixed body, so running set-up at every start is harmless. No <c>index.mode</c> is set:
/// on 9.x the cluster makes new <c>logs-*-*</c> data streams logsdb, and these mappings work with synthetic source.
/// </summary>
public sealed class IndexTemplateInstaller
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly ElasticsearchTransport _transport;
    private readonly ElasticsearchExporterOptions _options;

    public IndexTemplateInstaller(ElasticsearchTransport transport, ElasticsearchExporterOptions options)
    {
        _transport = transport;
        _options = options;
    }

    public string TemplateName => _options.Setup.TemplateName;

    public string IlmPolicy => UsesIlm ? _options.Setup.IlmPolicy : "(none)";

    /// <summary>Index patterns the template covers: <c>logs-{dataset}-*</c> for each dataset, or the plain index's pattern.</summary>
    public IReadOnlyList<string> IndexPatterns
    {
        get
        {
            if (_options.Index is not null && IndexNamePattern.TryParse(_options.Index, out var pattern, out _)) return [pattern.TemplatePattern];
            var patterns = new List<string> { $"logs-{_options.DataStream.Dataset}-*" };
            foreach (var dataset in _options.Setup.ExtraDatasets)
            {
                var clean = DataStreamNamePart.Sanitize(dataset, null);
                if (clean is not null && !patterns.Contains($"logs-{clean}-*")) patterns.Add($"logs-{clean}-*");
            }

            return patterns;
        }
    }

    // Rollover needs a data stream (or a write alias); a dated plain index gets no policy.
    private bool UsesIlm => _options.Index is null && _options.Setup.IlmPolicy.Length > 0;

    public IReadOnlyList<SetupStep> Plan()
    {
        var name = _options.Setup.TemplateName;
        var steps = new List<SetupStep>();
        if (UsesIlm) steps.Add(new SetupStep($"ILM policy '{_options.Setup.IlmPolicy}'", $"_ilm/policy/{_options.Setup.IlmPolicy}", IlmPolicyBody()));
        steps.Add(new SetupStep($"component template '{name}@settings'", $"_component_template/{name}@settings", SettingsBody()));
        var mappings = TemplateResources.Load(_options.Mapping == DocumentMapping.Envelope ? TemplateResources.EnvelopeMappings : TemplateResources.EcsMappings);
        steps.Add(new SetupStep($"component template '{name}@mappings'", $"_component_template/{name}@mappings", mappings));
        steps.Add(new SetupStep($"index template '{name}'", $"_index_template/{name}", IndexTemplateBody()));
        return steps;
    }

    public async Task<SetupResult> InstallAsync(CancellationToken cancellationToken)
    {
        foreach (var step in Plan())
        {
            var body = System.Text.Encoding.UTF8.GetBytes(step.Body.ToJsonString());
            ElasticsearchResponse response;
            try
            {
                response = await _transport.SendAsync(HttpMethod.Put, step.Path, () => new ByteArrayContent(body) { Headers = { ContentType = Json } }, cancellationToken);
            }
            catch (ElasticsearchUnavailableException e)
            {
                return new SetupResult(SetupStatus.Unreachable, step, Reason: e.Message);
            }

            if (response.IsSuccess) continue;
            var status = response.Status is 429 or >= 500 ? SetupStatus.Unreachable : SetupStatus.Refused;
            return new SetupResult(status, step, response.Status, response.Error, $"HTTP {response.Status} {response.Error}");
        }

        return new SetupResult(SetupStatus.Done);
    }

    /// <summary>What to do about a refusal, by status: credentials, privileges, or the template itself.</summary>
    public static string AdviceFor(int status) => status switch
    {
        401 => "Check api_key / username / password: Elasticsearch did not accept the credentials.",
        403 => "Grant the exporter's user or API key the cluster privileges manage_index_templates and manage_ilm, or set setup.enabled: false and install config/elasticsearch/*.json yourself.",
        410 => "This cluster has no ILM (Serverless): set setup.ilm_policy: \"\".",
        _ => "Fix the conflicting template or set setup.enabled: false and install config/elasticsearch/*.json yourself.",
    };

    private JsonObject IlmPolicyBody()
    {
        var body = TemplateResources.Load(TemplateResources.IlmPolicy);
        if (_options.Setup.DeleteAfter is { } deleteAfter)
        {
            body["policy"]!["phases"]!.AsObject()["delete"] = new JsonObject
            {
                ["min_age"] = deleteAfter,
                ["actions"] = new JsonObject { ["delete"] = new JsonObject() },
            };
        }

        return body;
    }

    private JsonObject SettingsBody()
    {
        var settings = new JsonObject();
        if (UsesIlm) settings["index.lifecycle.name"] = _options.Setup.IlmPolicy;
        return new JsonObject
        {
            ["_meta"] = Meta("Index settings of the gateway's documents"),
            ["template"] = new JsonObject { ["settings"] = settings },
        };
    }

    private JsonObject IndexTemplateBody()
    {
        var name = _options.Setup.TemplateName;
        var patterns = new JsonArray();
        foreach (var pattern in IndexPatterns) patterns.Add((JsonNode)JsonValue.Create(pattern));
        var body = new JsonObject
        {
            ["index_patterns"] = patterns,
            ["priority"] = _options.Setup.Priority,
            ["composed_of"] = new JsonArray($"{name}@settings", $"{name}@mappings"),
            ["_meta"] = Meta("Documents of the telemetry gateway's elasticsearch exporter"),
        };
        if (_options.Index is null) body["data_stream"] = new JsonObject();
        return body;
    }

    private static JsonObject Meta(string description) => new()
    {
        ["managed_by"] = "telemetry-gateway",
        ["description"] = description,
    };
}
