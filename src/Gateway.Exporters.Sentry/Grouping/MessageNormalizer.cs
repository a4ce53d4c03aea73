using System.Text.RegularExpressions;

namespace Gateway.Exporters.Sentry.Grouping;

/// <summary>
/// Replaces the variable parts of a message (ids, numbers, addresses) with placeholders, so "order 1001 failed" and
/// "order 1002 failed" group into one issue when there is no stack to group by.
/// </summary>
public static partial class MessageNormalizer
{
    public static string Normalize(string message)
    {
        var text = Uuid().Replace(message, "<uuid>");
        text = Email().Replace(text, "<email>");
        text = IpAddress().Replace(text, "<ip>");
        text = LongHex().Replace(text, "<hex>");
        return Number().Replace(text, "<n>");
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IpAddress();

    // Hex of 8+ characters with both a digit and a letter: request ids, hashes, pointers; plain words are left alone.
    [GeneratedRegex(@"\b(0x)?(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex LongHex();

    [GeneratedRegex(@"\d+(\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
