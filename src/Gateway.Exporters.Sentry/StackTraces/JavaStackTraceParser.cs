using System.Globalization;
using System.Text.RegularExpressions;
using Sentry;

namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>
/// JVM <c>printStackTrace</c> text (Java, Kotlin, Scala): "pkg.Type: message", frames "at pkg.Class.method(File.java:42)"
/// (optionally prefixed "java.base/" or "app//"), "Caused by:" chains and "... 12 more"; suppressed blocks are skipped.
/// </summary>
public sealed partial class JavaStackTraceParser : IStackTraceParser
{
    private const string CausedBy = "Caused by: ";

    public string Platform => "java";

    public bool TryParse(string stack, out IReadOnlyList<ParsedException> chain)
    {
        var printed = new List<ParsedException>();
        var inSuppressed = false;
        foreach (var line in StackPath.Lines(stack))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (line.StartsWith(CausedBy, StringComparison.Ordinal))
            {
                inSuppressed = false;
                printed.Add(Header(trimmed[CausedBy.Length..]));
            }
            else if (trimmed.StartsWith("Suppressed: ", StringComparison.Ordinal))
            {
                inSuppressed = true;
            }
            else if (inSuppressed || trimmed.StartsWith("...", StringComparison.Ordinal))
            {
                continue;
            }
            else if (trimmed.StartsWith("at ", StringComparison.Ordinal))
            {
                if (printed.Count == 0) printed.Add(new ParsedException());
                if (TryFrame(trimmed, out var frame)) printed[^1].Frames.Add(frame);
            }
            else if (printed.Count == 0)
            {
                printed.Add(Header(trimmed));
            }
        }

        // Printed outermost first; Sentry lists the root cause first.
        printed.Reverse();
        StackPath.ToSentryOrder(printed);
        chain = printed;
        return StackPath.HasFrames(printed);
    }

    private static ParsedException Header(string text)
    {
        var thread = ThreadPrefix().Match(text);
        if (thread.Success) text = text[thread.Length..];
        var match = HeaderLine().Match(text);
        return match.Success
            ? new ParsedException { Type = match.Groups["type"].Value, Value = match.Groups["value"].Success ? match.Groups["value"].Value : null }
            : new ParsedException { Value = text };
    }

    private static bool TryFrame(string line, out SentryStackFrame frame)
    {
        frame = null!;
        var match = Frame().Match(line);
        if (!match.Success) return false;
        var qualified = match.Groups["method"].Value;
        var slash = qualified.LastIndexOf('/');
        if (slash >= 0) qualified = qualified[(slash + 1)..]; // class loader / JPMS module prefix
        var dot = qualified.LastIndexOf('.');
        frame = new SentryStackFrame
        {
            Module = dot > 0 ? qualified[..dot] : null,
            Function = dot > 0 ? qualified[(dot + 1)..] : qualified,
        };
        var location = match.Groups["location"].Value;
        var colon = location.LastIndexOf(':');
        if (colon > 0 && int.TryParse(location.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var lineNumber))
        {
            frame.FileName = location[..colon];
            frame.LineNumber = lineNumber;
        }
        else if (location is not "Native Method" and not "Unknown Source" and not "")
        {
            frame.FileName = location;
        }

        return true;
    }

    [GeneratedRegex(@"^(?<type>[\w$.]+)(?:: (?<value>.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^Exception in thread ""[^""]*"" ", RegexOptions.CultureInvariant)]
    private static partial Regex ThreadPrefix();

    [GeneratedRegex(@"^at (?<method>[^\s(]+)\((?<location>[^)\s]*\.\w+(?::\d+)?|Native Method|Unknown Source)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();
}
