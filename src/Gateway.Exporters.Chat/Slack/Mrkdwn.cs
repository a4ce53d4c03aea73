using System.Globalization;
using System.Text;
using Gateway.Exporters.Chat.Text;

namespace Gateway.Exporters.Chat.Slack;

/// <summary>
/// Slack mrkdwn text: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> must be escaped (so event text cannot make links or
/// mentions), and the limit counts the escaped text, so escaping and cutting happen in one pass, on grapheme boundaries.
/// </summary>
public static class Mrkdwn
{
    public static string Escape(string text, int maxLength)
    {
        var span = text.AsSpan();
        var result = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        if (EscapedLength(span) <= maxLength)
        {
            AppendEscaped(result, span);
            return result.ToString();
        }

        var budget = maxLength - SafeText.Ellipsis.Length;
        for (var at = 0; at < span.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(span[at..]);
            var element = span.Slice(at, length);
            if (result.Length + EscapedLength(element) > budget) break;
            AppendEscaped(result, element);
            at += length;
        }

        return result.Append(SafeText.Ellipsis[0]).ToString();
    }

    /// <summary>A code block whose content cannot end it early: a run of three backticks gets a zero-width space inside.</summary>
    public static string CodeBlock(string code, int maxLength)
    {
        const string Fence = "```";
        var safe = code.Replace(Fence, "``\u200b`", StringComparison.Ordinal);
        return Fence + Escape(safe, maxLength - 2 * Fence.Length - 2) + "\n" + Fence;
    }

    private static int EscapedLength(ReadOnlySpan<char> text)
    {
        var length = 0;
        foreach (var c in text) length += c switch { '&' => 5, '<' or '>' => 4, _ => 1 };
        return length;
    }

    private static void AppendEscaped(StringBuilder result, ReadOnlySpan<char> element)
    {
        foreach (var c in element)
        {
            _ = c switch
            {
                '&' => result.Append("&amp;"),
                '<' => result.Append("&lt;"),
                '>' => result.Append("&gt;"),
                _ => result.Append(c),
            };
        }
    }
}
