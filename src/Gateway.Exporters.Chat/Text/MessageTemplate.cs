using System.Text;
using Gateway.Envelope;

namespace Gateway.Exporters.Chat.Text;

/// <summary>
/// A headline template such as <c>"{name} on {service}: order {attributes.ctx.order.id}"</c>, parsed once at start into
/// literal and field parts. <c>{{</c> and <c>}}</c> write literal braces; a field the event lacks renders as nothing.
/// </summary>
public sealed class MessageTemplate
{
    private readonly string[] _literals;
    private readonly EnvelopeField[] _fields;

    private MessageTemplate(string[] literals, EnvelopeField[] fields)
    {
        _literals = literals;
        _fields = fields;
    }

    public static bool TryParse(string text, out MessageTemplate? template, out string? error)
    {
        var literals = new List<string>();
        var fields = new List<EnvelopeField>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '}')
            {
                return Fail($"unmatched '}}' at position {i + 1}; write '}}}}' for a literal brace", out template, out error);
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0) return Fail($"'{{' at position {i + 1} is never closed; write e.g. {{name}}, or '{{{{' for a literal brace", out template, out error);
            var path = text[(i + 1)..close].Trim();
            if (!EnvelopeField.TryParse(path, out var field))
            {
                return Fail($"unknown placeholder '{{{path}}}'; use {EnvelopeField.Expected}", out template, out error);
            }

            literals.Add(literal.ToString());
            literal.Clear();
            fields.Add(field);
            i = close;
        }

        literals.Add(literal.ToString());
        template = new MessageTemplate([.. literals], [.. fields]);
        error = null;
        return true;
    }

    public string Render(EventEnvelope envelope)
    {
        var text = new StringBuilder(_literals[0]);
        for (var i = 0; i < _fields.Length; i++)
        {
            text.Append(_fields[i].Read(envelope)).Append(_literals[i + 1]);
        }

        return text.ToString();
    }

    private static bool Fail(string message, out MessageTemplate? template, out string? error)
    {
        template = null;
        error = message;
        return false;
    }
}
