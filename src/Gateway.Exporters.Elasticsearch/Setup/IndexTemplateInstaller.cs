using System.Text.Json.Nodes;
using Elastic.Transport;
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
    private static readonly RequestConfiguration SetupRequest = ElasticsearchTransport.JsonRequest();
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
        if (UsesIlm) steps.Add(new SetupStep($"ILM policy '{_options.Setup.IlmPolicy}'", SetupStepKind.IlmPolicy, _options.Setup.IlmPolicy, IlmPolicyBody()));
        steps.Add(new SetupStep($"component template '{name}@settings'", SetupStepKind.ComponentTemplate, $"{name}@settings", SettingsBody()));
        var mappings = TemplateResources.Load(_options.Mapping == DocumentMapping.Envelope ? TemplateResources.EnvelopeMappings : TemplateResources.EcsMappings);
        steps.Add(new SetupStep($"component template '{name}@mappings'", SetupStepKind.ComponentTemplate, $"{name}@mappings", mappings));
        steps.Add(new SetupStep($"index template '{name}'", SetupStepKind.IndexTemplate, name, IndexTemplateBody()));
        return steps;
    }

    public async Task<SetupResult> InstallAsync(CancellationToken cancellationToken)
    {
        foreach (var step in Plan())
        {
            ElasticsearchResponse response;
            try
            {
                var body = JsonBody.Write(writer => step.Body.WriteTo(writer));
                response = await _transport.SendAsync(Elastic.Transport.HttpMethod.PUT, PathOf(step), PostData.ReadOnlyMemory(body), SetupRequest, cancellationToken);
            }
            catch (ElasticsearchUnavailableException e)
            {
                return new SetupResult(SetupStatus.Unreachable, step, Reason: e.Message);
            }

            if (response.IsSuccess && !response.IsElasticsearch)
            {
                // The product check, as the typed client made it on its first request: a 2xx from something that is not
                // Elasticsearch (a proxy's landing page, another product) has installed nothing.
                var reason = $"{response.Endpoint} answered HTTP {response.Status} without X-Elastic-Product: Elasticsearch: it is not Elasticsearch, or a proxy in between drops that header";
                return new SetupResult(SetupStatus.Refused, step, 0, new ElasticsearchError("unsupported_product", reason), reason);
            }

            if (response.IsSuccess) continue;
            var error = response.Error;
            var outcome = response.Status is 429 or >= 500 ? SetupStatus.Unreachable : SetupStatus.Refused;
            return new SetupResult(outcome, step, response.Status, error, $"HTTP {response.Status} {error}");
        }

        return new SetupResult(SetupStatus.Done);
    }

    /// <summary>
    /// The step's API. The bodies are the JSON files of config/elasticsearch/ as they are (one source for set-up and for
    /// people who install them by hand), sent through the client's transport.
    /// </summary>
    private static string PathOf(SetupStep step)
    {
        var name = Uri.EscapeDataString(step.Name);
        return step.Kind switch
        {
            SetupStepKind.IlmPolicy => $"_ilm/policy/{name}",
            SetupStepKind.ComponentTemplate => $"_component_template/{name}",
            _ => $"_index_template/{name}",
        };
    }

    /// <summary>What to do about a refusal, by status: credentials, privileges, or the template itself.</summary>
    public static string AdviceFor(int status) => status switch
    {
        0 => "Check endpoints: they must point at Elasticsearch, or at a proxy that passes its X-Elastic-Product header on.",
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
