using System.Diagnostics.CodeAnalysis;
using Gateway.Envelope;

namespace Gateway.Exporters.Sentry.Grouping;

/// <summary>
/// One fingerprint entry, e.g. <c>{service}</c> or <c>db-{attributes.db.system}</c>, compiled at start into literal and
/// placeholder parts so rendering per event is a lookup, not a parse.
/// </summary>
public sealed class FingerprintTemplate
{
    public const string Placeholders = "{service}, {name}, {error.name}, {message}, {level}, {environment}, {attributes.<key>}, {default}";

    private const string AttributesPrefix = "attributes.";

    private readonly FingerprintPart[] _parts;

    private FingerprintTemplate(FingerprintPart[] parts) => _parts = parts;

    public static bool TryParse(string? text, [NotNullWhen(true)] out FingerprintTemplate? template, out string error)
    {
        template = null;
        error = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            error = $"an entry is empty; use literal text and/or {Placeholders}";
            return false;
        }

        var parts = new List<FingerprintPart>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('{', at);
            if (open < 0)
            {
                parts.Add(new FingerprintPart(FingerprintField.Literal, text[at..]));
                break;
            }

            if (open > at) parts.Add(new FingerprintPart(FingerprintField.Literal, text[at..open]));
            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                error = $"'{text}' has '{{' without a closing '}}'";
                return false;
            }

            var name = text[(open + 1)..close].Trim();
            if (!TryField(name, out var part))
            {
                error = $"'{text}' uses unknown placeholder '{{{name}}}'; use {Placeholders}";
                return false;
            }

            parts.Add(part);
            at = close + 1;
        }

        template = new FingerprintTemplate([.. parts]);
        return true;
    }

    /// <summary>The fingerprint entry for one event; an absent value renders as "-" so the entry count stays stable.</summary>
    public string Render(EventEnvelope envelope)
    {
        if (_parts.Length == 1) return Value(_parts[0], envelope);
        var builder = new System.Text.StringBuilder();
        foreach (var part in _parts) builder.Append(Value(part, envelope));
        return builder.ToString();
    }

    private static string Value(FingerprintPart part, EventEnvelope envelope) => part.Field switch
    {
        FingerprintField.Literal => part.Text,
        FingerprintField.Service => envelope.Service,
        FingerprintField.Name => envelope.Name,
        FingerprintField.ErrorName => envelope.Error?.Name ?? envelope.Name,
        FingerprintField.Message => MessageNormalizer.Normalize(envelope.Error?.Message ?? envelope.Title ?? envelope.Message ?? envelope.Name),
        FingerprintField.Level => envelope.Level.ToName(),
        FingerprintField.Environment => envelope.Environment ?? "-",
        FingerprintField.Attribute => AttributeText(envelope.Attributes, part.Text),
        FingerprintField.Default => "{{ default }}",
        _ => "-",
    };

    private static string AttributeText(KeyValue[] attributes, string key)
    {
        foreach (ref readonly var attribute in attributes.AsSpan())
        {
            if (string.Equals(attribute.Key, key, StringComparison.Ordinal)) return attribute.Value.ToString();
        }

        return "-";
    }

    private static bool TryField(string name, out FingerprintPart part)
    {
        var field = name switch
        {
            "service" => FingerprintField.Service,
            "name" => FingerprintField.Name,
            "error.name" => FingerprintField.ErrorName,
            "message" => FingerprintField.Message,
            "level" => FingerprintField.Level,
            "environment" => FingerprintField.Environment,
            "default" => FingerprintField.Default,
            _ => FingerprintField.Literal,
        };
        if (field != FingerprintField.Literal)
        {
            part = new FingerprintPart(field, name);
            return true;
        }

        if (name.StartsWith(AttributesPrefix, StringComparison.Ordinal) && name.Length > AttributesPrefix.Length)
        {
            part = new FingerprintPart(FingerprintField.Attribute, name[AttributesPrefix.Length..]);
            return true;
        }

        part = default;
        return false;
    }
}
