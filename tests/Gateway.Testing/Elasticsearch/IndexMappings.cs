using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gateway.Testing.Elasticsearch;

/// <summary>
/// An index's mappings, enforced as Elasticsearch does: explicit fields check their values' types, new fields are
/// mapped dynamically from the first value seen (strings may become dates by date detection, numbers long or float),
/// a concrete value where an object is mapped (or the reverse) fails the document, <c>flattened</c> fields take any
/// object as keyword leaves, <c>enabled: false</c> objects take anything, and the total field limit holds. A document
/// that fails adds no mapping.
/// </summary>
internal sealed partial class IndexMappings
{
    private static readonly HashSet<string> NumericTypes = ["long", "integer", "short", "byte", "unsigned_long", "double", "float", "half_float", "scaled_float"];
    private readonly Dictionary<string, FieldMapping> _fields = new(StringComparer.Ordinal);
    private readonly List<DynamicTemplate> _dynamicTemplates = [];

    public bool DateDetection { get; private set; } = true;

    public bool IgnoreMalformed { get; set; }

    public int TotalFieldsLimit { get; set; } = 1000;

    public int FieldCount => _fields.Count;

    public FieldMapping? Get(string path) => _fields.GetValueOrDefault(path);

    /// <summary>Merges a <c>mappings</c> object (a component template's or an index template's); later ones win.</summary>
    public void Merge(JsonObject mappings)
    {
        if (mappings["date_detection"] is JsonValue detection && detection.TryGetValue<bool>(out var detect)) DateDetection = detect;
        if (mappings["dynamic_templates"] is JsonArray templates)
        {
            foreach (var entry in templates.OfType<JsonObject>())
            {
                foreach (var (_, definition) in entry)
                {
                    if (definition is not JsonObject d) continue;
                    var type = (string?)d["mapping"]?["type"] ?? "object";
                    _dynamicTemplates.Add(new DynamicTemplate((string?)d["path_match"], (string?)d["match"], (string?)d["match_mapping_type"], type));
                }
            }
        }

        if (mappings["properties"] is JsonObject properties) AddProperties(properties, string.Empty);
    }

    /// <summary>Checks a document against the mappings and keeps the new fields it brings; null when it is accepted.</summary>
    public ItemError? Apply(JsonElement source, string id)
    {
        var added = new Dictionary<string, FieldMapping>(StringComparer.Ordinal);
        var error = WalkObject(source, string.Empty, added, id);
        if (error is not null) return error;
        var newFields = added.Keys.Count(k => !_fields.ContainsKey(k));
        if (_fields.Count + newFields > TotalFieldsLimit)
        {
            return new ItemError(400, "illegal_argument_exception", $"Limit of total fields [{TotalFieldsLimit}] has been exceeded while adding new fields [{newFields}]");
        }

        foreach (var (path, mapping) in added) _fields[path] = mapping;
        return null;
    }

    private void AddProperties(JsonObject properties, string prefix)
    {
        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject definition) continue;
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            var type = (string?)definition["type"] ?? "object";
            var enabled = definition["enabled"] is not JsonValue e || !e.TryGetValue<bool>(out var on) || on;
            bool? ignoreMalformed = definition["ignore_malformed"] is JsonValue m && m.TryGetValue<bool>(out var ignore) ? ignore : null;
            _fields[path] = new FieldMapping(type, enabled, (string?)definition["value"], ignoreMalformed);
            if (definition["properties"] is JsonObject children) AddProperties(children, path);
        }
    }

    private FieldMapping? Resolve(string path, Dictionary<string, FieldMapping> added) =>
        added.TryGetValue(path, out var proposed) ? proposed : _fields.GetValueOrDefault(path);

    private ItemError? WalkObject(JsonElement value, string prefix, Dictionary<string, FieldMapping> added, string id)
    {
        foreach (var property in value.EnumerateObject())
        {
            var name = property.Name;
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            // A dotted key means nested objects: a.b is b inside object a.
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            while (dot > 0)
            {
                var parent = prefix.Length == 0 ? name[..dot] : $"{prefix}.{name[..dot]}";
                var existing = Resolve(parent, added);
                if (existing is null) added[parent] = new FieldMapping("object");
                else if (existing.Type is "flattened" || !existing.Enabled) goto next;
                else if (existing.Type != "object")
                {
                    return new ItemError(400, "document_parsing_exception", $"Could not dynamically add mapping for field [{path}]. Existing mapping for [{parent}] must be of type object but found [{existing.Type}].");
                }

                dot = name.IndexOf('.', dot + 1);
            }

            var error = WalkValue(property.Value, path, added, id);
            if (error is not null) return error;
            next:;
        }

        return null;
    }

    private ItemError? WalkValue(JsonElement value, string path, Dictionary<string, FieldMapping> added, string id)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                var error = WalkValue(item, path, added, id);
                if (error is not null) return error;
            }

            return null;
        }

        var mapping = Resolve(path, added);
        if (mapping is null)
        {
            mapping = new FieldMapping(DynamicType(path, value));
            added[path] = mapping;
        }

        return Check(mapping, value, path, added, id);
    }

    private ItemError? Check(FieldMapping mapping, JsonElement value, string path, Dictionary<string, FieldMapping> added, string id)
    {
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        if (mapping.Type == "object")
        {
            if (!mapping.Enabled) return null;
            if (value.ValueKind == JsonValueKind.Object) return WalkObject(value, path, added, id);
            return ItemError.Parsing($"object mapping for [{path}] tried to parse field [{leaf}] as object, but found a concrete value");
        }

        if (value.ValueKind == JsonValueKind.Object && mapping.Type != "flattened")
        {
            return ItemError.Parsing(FailedToParse(path, mapping.Type, id, value), "illegal_state_exception", $"Can't get text on a START_OBJECT at {path}");
        }

        switch (mapping.Type)
        {
            case "flattened":
                return value.ValueKind == JsonValueKind.Object
                    ? null
                    : ItemError.Parsing(FailedToParse(path, mapping.Type, id, value), "illegal_argument_exception", "flattened fields expect an object");
            case var numeric when NumericTypes.Contains(numeric):
                if (value.ValueKind == JsonValueKind.Number) return null;
                if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    // Java parses "NaN" and "Infinity" as doubles, then the field refuses them.
                    return double.IsFinite(parsed)
                        ? null
                        : Malformed(mapping, FailedToParse(path, mapping.Type, id, value), "illegal_argument_exception", $"[{mapping.Type}] supports only finite values, but got [{value}]");
                }

                return Malformed(mapping, FailedToParse(path, mapping.Type, id, value), "number_format_exception", $"For input string: \"{value}\"");
            case "boolean":
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return null;
                if (value.ValueKind == JsonValueKind.String && value.GetString() is "true" or "false" or "") return null;
                return Malformed(mapping, FailedToParse(path, mapping.Type, id, value), "illegal_argument_exception", $"Failed to parse value [{value}] as only [true] or [false] are allowed.");
            case "date" or "date_nanos":
                if (value.ValueKind == JsonValueKind.Number) return null;
                if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)) return null;
                return Malformed(mapping, FailedToParse(path, mapping.Type, id, value), "illegal_argument_exception", $"failed to parse date field [{value}] with format [strict_date_optional_time||epoch_millis]");
            case "constant_keyword":
                var text = value.ToString();
                if (mapping.ConstantValue is null)
                {
                    added[path] = mapping with { ConstantValue = text };
                    return null;
                }

                return mapping.ConstantValue == text
                    ? null
                    : ItemError.Parsing($"[constant_keyword] field [{path}] only accepts values that are equal to the value defined in the mappings [{mapping.ConstantValue}], but got [{text}]");
            default:
                return null;
        }
    }

    /// <summary>
    /// ignore_malformed (the built-in logs template sets it for the index, a mapping may set it per field) drops a badly
    /// typed scalar instead of the document.
    /// </summary>
    private ItemError? Malformed(FieldMapping mapping, string reason, string causeType, string causeReason) =>
        mapping.IgnoreMalformed ?? IgnoreMalformed ? null : ItemError.Parsing(reason, causeType, causeReason);

    private string DynamicType(string path, JsonElement value)
    {
        var jsonType = value.ValueKind switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => value.TryGetInt64(out _) ? "long" : "double",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "object",
        };
        foreach (var template in _dynamicTemplates)
        {
            if (template.Applies(path, jsonType)) return template.Type;
        }

        return jsonType switch
        {
            "string" when DateDetection && DatePattern().IsMatch(value.GetString()!) => "date",
            "string" => "text",
            "double" => "float",
            _ => jsonType,
        };
    }

    private static string FailedToParse(string path, string type, string id, JsonElement value)
    {
        var preview = value.GetRawText();
        if (preview.Length > 20) preview = preview[..20] + "...";
        return $"failed to parse field [{path}] of type [{type}] in document with id '{id}'. Preview of field's value: '{preview}'";
    }

    /// <summary>strict_date_optional_time with at least a full date, as dynamic date detection recognises.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}([.,]\d{1,9})?)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")]
    private static partial Regex DatePattern();
}
