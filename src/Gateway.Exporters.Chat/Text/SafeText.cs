using System.Globalization;

namespace Gateway.Exporters.Chat.Text;

/// <summary>
/// Cuts text to a platform's limit without splitting a surrogate pair or a user-perceived character (an emoji with skin
/// tone or ZWJ sequence, a letter with combining marks): the cut falls on a grapheme boundary and ends with "…".
/// Lengths are UTF-16 code units, as Slack, Discord and JavaScript count them.
/// </summary>
public static class SafeText
{
    public const string Ellipsis = "…";

    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        if (maxLength <= 0) return string.Empty;
        var keep = GraphemePrefixLength(text, maxLength - Ellipsis.Length);
        return string.Concat(text.AsSpan(0, keep), Ellipsis);
    }

    /// <summary>The longest prefix of whole graphemes no longer than <paramref name="maxLength"/> code units.</summary>
    public static int GraphemePrefixLength(ReadOnlySpan<char> text, int maxLength)
    {
        var at = 0;
        while (at < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text[at..]);
            if (at + next > maxLength) break;
            at += next;
        }

        return at;
    }
}
