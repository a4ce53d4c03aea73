using System.Globalization;
using System.Text;

namespace Gateway.Queues.Persistent;

/// <summary>
/// Turns an exporter id into one safe directory name. Anything outside [A-Za-z0-9_-] (and a dot at the start) is
/// percent-encoded, so <c>slack/oncall</c> becomes <c>slack%2Foncall</c>: readable, and no two ids share a directory.
/// </summary>
public static class QueueDirectoryName
{
    public static string For(string exporterId)
    {
        var name = new StringBuilder(exporterId.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        var first = true;
        foreach (var rune in exporterId.EnumerateRunes())
        {
            var c = rune.IsAscii ? (char)rune.Value : '\0';
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-' || (c == '.' && !first))
            {
                name.Append(c);
            }
            else
            {
                var count = rune.EncodeToUtf8(utf8);
                for (var b = 0; b < count; b++) name.Append('%').Append(utf8[b].ToString("X2", CultureInfo.InvariantCulture));
            }

            first = false;
        }

        return name.ToString();
    }
}
