using System.Globalization;
using System.Text.RegularExpressions;
using Sentry;

namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>
/// V8 <c>error.stack</c> (Node.js, Chrome, Edge, Deno): "TypeError: message" then frames "at fn (/path/file.js:10:5)",
/// "at /path/file.js:10:5" (anonymous) and "at async fn (...)".
/// </summary>
public sealed partial class V8StackTraceParser : IStackTraceParser
{
    public string Platform => "javascript";

    public bool TryParse(string stack, out IReadOnlyList<ParsedException> chain)
    {
        var exception = new ParsedException();
        var first = true;
        foreach (var line in StackPath.Lines(stack))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed.StartsWith("at ", StringComparison.Ordinal))
            {
                if (TryFrame(trimmed, out var frame)) exception.Frames.Add(frame);
            }
            else if (first && HeaderLine().Match(trimmed) is { Success: true } header)
            {
                exception.Type = header.Groups["type"].Value;
                exception.Value = header.Groups["value"].Value;
            }

            first = false;
        }

        var result = new List<ParsedException> { exception };
        StackPath.ToSentryOrder(result);
        chain = result;
        return exception.Frames.Count > 0;
    }

    private static bool TryFrame(string line, out SentryStackFrame frame)
    {
        frame = null!;
        var match = Frame().Match(line);
        if (!match.Success) return false;
        frame = new SentryStackFrame();
        if (match.Groups["function"].Success) frame.Function = match.Groups["function"].Value;
        var location = match.Groups["location"].Value;
        var position = Location().Match(location);
        if (position.Success)
        {
            var path = position.Groups["path"].Value;
            frame.AbsolutePath = path;
            frame.FileName = path;
            frame.LineNumber = int.Parse(position.Groups["line"].Value, CultureInfo.InvariantCulture);
            frame.ColumnNumber = int.Parse(position.Groups["column"].Value, CultureInfo.InvariantCulture);
        }
        else if (frame.Function is not null)
        {
            // "fn (<anonymous>)", "fn (native)", "Promise.all (index 0)": no source position, kept for its function name.
            frame.FileName = location;
        }
        else
        {
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^(?<type>[\w$.]*(?:Error|Exception)|[A-Z][\w$.]*): ?(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^at (?:async )?(?:(?:new )?(?<function>.+?) \((?<location>.+)\)|(?<location>.+))$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();

    [GeneratedRegex(@"^(?<path>.+):(?<line>\d+):(?<column>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Location();
}
