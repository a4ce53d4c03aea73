using System.Text.Json.Nodes;

namespace Gateway.Testing.Elasticsearch;

/// <summary>
/// ILM policies, component templates and composable index templates, validated as Elasticsearch does on PUT
/// (missing component templates, two templates of equal priority matching the same names) and resolved for a new
/// index by the highest priority. Starts with the built-in <c>logs</c> template (logs-*-*, priority 100).
/// </summary>
internal sealed class TemplateStore
{
    public const string BuiltInLogs = "logs";

    public Dictionary<string, JsonObject> Policies { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonObject> ComponentTemplates { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonObject> IndexTemplates { get; } = new(StringComparer.Ordinal);

    public TemplateStore()
    {
        // The built-in logs template: data stream, ECS-style strings as keywords, ignore_malformed on.
        IndexTemplates[BuiltInLogs] = JsonNode.Parse("""
            {
              "index_patterns": ["logs-*-*"],
              "priority": 100,
              "data_stream": {},
              "template": {
                "settings": { "index.mapping.ignore_malformed": true },
                "mappings": {
                  "date_detection": false,
                  "dynamic_templates": [ { "strings_as_keyword": { "match_mapping_type": "string", "mapping": { "type": "keyword", "ignore_above": 1024 } } } ],
                  "properties": {
                    "@timestamp": { "type": "date" },
                    "message": { "type": "match_only_text" },
                    "data_stream": { "properties": {
                      "type": { "type": "constant_keyword" }, "dataset": { "type": "constant_keyword" }, "namespace": { "type": "constant_keyword" } } }
                  }
                }
              },
              "_meta": { "managed": true, "description": "default logs template installed by x-pack" }
            }
            """)!.AsObject();
    }

    public ItemError? PutPolicy(string name, JsonObject body)
    {
        if (body["policy"] is not JsonObject policy || policy["phases"] is not JsonObject)
        {
            return new ItemError(400, "x_content_parse_exception", "[1:2] [put_lifecycle_request] policy with phases is required");
        }

        foreach (var (key, _) in body)
        {
            if (key != "policy") return new ItemError(400, "x_content_parse_exception", $"[1:2] [put_lifecycle_request] unknown field [{key}]");
        }

        Policies[name] = body;
        return null;
    }

    public ItemError? PutComponentTemplate(string name, JsonObject body)
    {
        if (body["template"] is not JsonObject)
        {
            return new ItemError(400, "action_request_validation_exception", "Validation Failed: 1: template is missing;");
        }

        ComponentTemplates[name] = body;
        return null;
    }

    public ItemError? PutIndexTemplate(string name, JsonObject body)
    {
        var patterns = Patterns(body);
        if (patterns.Count == 0) return new ItemError(400, "action_request_validation_exception", "Validation Failed: 1: index patterns are missing;");
        var missing = new List<string>();
        if (body["composed_of"] is JsonArray composedOf)
        {
            foreach (var component in composedOf)
            {
                var componentName = (string?)component ?? string.Empty;
                if (!ComponentTemplates.ContainsKey(componentName)) missing.Add(componentName);
            }
        }

        if (missing.Count > 0)
        {
            return new ItemError(400, "invalid_index_template_exception", $"index_template [{name}] invalid, cause [index template [{name}] specifies component templates {Brackets(missing)} that do not exist]");
        }

        var priority = Priority(body);
        foreach (var (otherName, other) in IndexTemplates)
        {
            if (otherName == name || Priority(other) != priority) continue;
            var otherPatterns = Patterns(other);
            if (!patterns.Any(p => otherPatterns.Any(o => ElasticsearchWildcard.Overlap(p, o)))) continue;
            return new ItemError(400, "illegal_argument_exception",
                $"index template [{name}] has index patterns {Brackets(patterns)} matching patterns from existing templates [{otherName}] with patterns ({otherName} => {Brackets(otherPatterns)}) that have the same priority [{priority}], multiple index templates may not match during index creation, please use a different priority");
        }

        // Elasticsearch accepts one pattern as a string and keeps (and returns) a list.
        body["index_patterns"] = new JsonArray(patterns.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        IndexTemplates[name] = body;
        return null;
    }

    /// <summary>The template a new index or data stream named <paramref name="index"/> gets: highest priority among matches.</summary>
    public (string Name, JsonObject Body)? Match(string index)
    {
        (string Name, JsonObject Body)? best = null;
        foreach (var (name, body) in IndexTemplates)
        {
            if (!Patterns(body).Any(p => ElasticsearchWildcard.Matches(p, index))) continue;
            if (best is null || Priority(body) > Priority(best.Value.Body)) best = (name, body);
        }

        return best;
    }

    /// <summary>Mappings and settings of the index template with its component templates, composed in order.</summary>
    public IndexMappings ComposeMappings(JsonObject template)
    {
        var mappings = new IndexMappings();
        var parts = new List<JsonObject>();
        if (template["composed_of"] is JsonArray composedOf)
        {
            foreach (var component in composedOf)
            {
                if (ComponentTemplates.TryGetValue((string?)component ?? string.Empty, out var body) && body["template"] is JsonObject t) parts.Add(t);
            }
        }

        if (template["template"] is JsonObject own) parts.Add(own);
        foreach (var part in parts)
        {
            if (part["mappings"] is JsonObject m) mappings.Merge(m);
            if (Setting(part, "index.mapping.ignore_malformed") is { } malformed) mappings.IgnoreMalformed = malformed == "true";
            if (Setting(part, "index.mapping.total_fields.limit") is { } limit) mappings.TotalFieldsLimit = int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture);
        }

        return mappings;
    }

    /// <summary>True when the template (or one of its parts) enables the failure store (9.1+ data_stream_options).</summary>
    public bool FailureStoreEnabled(JsonObject template)
    {
        if (template["template"]?["data_stream_options"]?["failure_store"]?["enabled"] is JsonValue own && own.TryGetValue<bool>(out var enabled)) return enabled;
        if (template["composed_of"] is JsonArray composedOf)
        {
            foreach (var component in composedOf)
            {
                if (ComponentTemplates.TryGetValue((string?)component ?? string.Empty, out var body)
                    && body["template"]?["data_stream_options"]?["failure_store"]?["enabled"] is JsonValue part && part.TryGetValue<bool>(out var on) && on) return true;
            }
        }

        return false;
    }

    public static List<string> Patterns(JsonObject template) => template["index_patterns"] switch
    {
        JsonArray array => array.Select(p => (string?)p ?? string.Empty).ToList(),
        JsonValue single => [(string?)single ?? string.Empty],
        _ => [],
    };

    private static int Priority(JsonObject template) => template["priority"] is JsonValue p && p.TryGetValue<int>(out var value) ? value : 0;

    private static string Brackets(IEnumerable<string> values) => "[" + string.Join(", ", values) + "]";

    /// <summary>Reads a setting written flat ("index.mapping.x": v) or nested ({"index": {"mapping": ...}}).</summary>
    private static string? Setting(JsonObject template, string key)
    {
        if (template["settings"] is not JsonObject settings) return null;
        if (settings[key] is JsonValue flat) return flat.ToString().ToLowerInvariant();
        JsonNode? node = settings;
        foreach (var part in key.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
            if (node is null) return null;
        }

        return node.ToString().ToLowerInvariant();
    }
}
