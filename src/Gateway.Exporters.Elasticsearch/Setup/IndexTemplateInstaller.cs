using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Cluster;
using Elastic.Clients.Elasticsearch.IndexLifecycleManagement;
using Elastic.Clients.Elasticsearch.IndexManagement;
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
            TransportResponse response;
            try
            {
                response = await SendAsync(step, cancellationToken);
            }
            catch (TransportException e)
            {
                // The client's product check: the server answered 2xx without X-Elastic-Product: Elasticsearch.
                return new SetupResult(SetupStatus.Refused, step, 0, new ElasticsearchError("unsupported_product", e.Message), e.Message);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var details = response.ApiCallDetails;
            _transport.ReportFailedNodes(details);
            if (ElasticsearchTransport.RefusedCredentials(details))
            {
                return new SetupResult(SetupStatus.Refused, step, 401, new ElasticsearchError("security_exception", "the cluster does not accept these credentials"), "HTTP 401");
            }

            if (details.HttpStatusCode is not { } status) return new SetupResult(SetupStatus.Unreachable, step, Reason: _transport.Unavailable(details).Message);
            if (details.HasSuccessfulStatusCode) continue;
            var error = ErrorOf(response, status);
            var outcome = status is 429 or >= 500 ? SetupStatus.Unreachable : SetupStatus.Refused;
            return new SetupResult(outcome, step, status, error, $"HTTP {status} {error}");
        }

        return new SetupResult(SetupStatus.Done);
    }

    /// <summary>
    /// The step through the client's typed API. The bodies stay the JSON files of config/elasticsearch/ (one source for
    /// set-up and for people who install them by hand); the client's own serializer reads them into its request types.
    /// </summary>
    private async Task<TransportResponse> SendAsync(SetupStep step, CancellationToken cancellationToken)
    {
        var client = _transport.Client;
        switch (step.Kind)
        {
            case SetupStepKind.IlmPolicy:
                return await client.IndexLifecycleManagement.PutLifecycleAsync(new PutLifecycleRequest(step.Name) { Policy = Read<IlmPolicy>(client, step.Body["policy"]) }, cancellationToken);
            case SetupStepKind.ComponentTemplate:
                return await client.Cluster.PutComponentTemplateAsync(new PutComponentTemplateRequest(step.Name, Read<IndexTemplateMapping>(client, step.Body["template"]))
                {
                    Meta = MetaOf(step.Body),
                }, cancellationToken);
            default:
                var patterns = new List<string>();
                foreach (var pattern in step.Body["index_patterns"]!.AsArray()) patterns.Add((string)pattern!);
                var composedOf = new List<Name>();
                foreach (var part in step.Body["composed_of"]!.AsArray()) composedOf.Add((string)part!);
                return await client.Indices.PutIndexTemplateAsync(new PutIndexTemplateRequest(step.Name)
                {
                    IndexPatterns = Indices.Parse(string.Join(',', patterns)),
                    Priority = step.Body["priority"]!.GetValue<int>(),
                    ComposedOf = composedOf,
                    DataStream = step.Body["data_stream"] is null ? null : new DataStreamVisibility(),
                    Meta = MetaOf(step.Body),
                }, cancellationToken);
        }
    }

    private static T Read<T>(ElasticsearchClient client, JsonNode? body)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body?.ToJsonString() ?? "{}"));
        return client.RequestResponseSerializer.Deserialize<T>(stream) ?? throw new InvalidOperationException($"the client read no {typeof(T).Name} from the set-up body");
    }

    private static Dictionary<string, object>? MetaOf(JsonObject body)
    {
        if (body["_meta"] is not JsonObject meta) return null;
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in meta)
        {
            if (value is not null) values[key] = value.GetValue<string>();
        }

        return values;
    }

    private static ElasticsearchError ErrorOf(TransportResponse response, int status) =>
        response is Elastic.Transport.Products.Elasticsearch.ElasticsearchResponse { ElasticsearchServerError.Error: { } error }
            ? new ElasticsearchError(error.Type ?? "error", error.Reason ?? string.Empty)
            : new ElasticsearchError($"http_{status}", $"HTTP {status} without an Elasticsearch error body");

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
