using System.Globalization;
using System.Text.RegularExpressions;
using Sentry;

namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>
/// Firefox (SpiderMonkey) and Safari (JavaScriptCore) <c>error.stack</c>: frames only, "fn@url:line:column",
/// "@url:line:column" for anonymous code, "fn@[native code]" for built-ins.
/// </summary>
public sealed partial class GeckoStackTraceParser : IStackTraceParser
{
    private const string NativeCode = "[native code]";

    public string Platform => "javascript";

    public bool TryParse(string stack, out IReadOnlyList<ParsedException> chain)
    {
        var exception = new ParsedException();
        foreach (var line in StackPath.Lines(stack))
        {
            var match = Frame().Match(line.Trim());
            if (!match.Success) continue;
            var location = match.Groups["location"].Value;
            var position = Location().Match(location);
            // Only a source position or a built-in makes this a frame; "user@example.com" in a message does not.
            if (!position.Success && location != NativeCode) continue;
            var frame = new SentryStackFrame();
            var function = match.Groups["function"].Value;
            if (function.Length > 0) frame.Function = function;
            if (position.Success)
            {
                var path = position.Groups["path"].Value;
                frame.AbsolutePath = path;
                frame.FileName = path;
                frame.LineNumber = int.Parse(position.Groups["line"].Value, CultureInfo.InvariantCulture);
                if (position.Groups["column"].Success) frame.ColumnNumber = int.Parse(position.Groups["column"].Value, CultureInfo.InvariantCulture);
            }
            else
            {
                frame.FileName = location;
            }

            exception.Frames.Add(frame);
        }

        var result = new List<ParsedException> { exception };
        StackPath.ToSentryOrder(result);
        chain = result;
        return exception.Frames.Count > 0;
    }

    [GeneratedRegex(@"^(?<function>[^@]*)@(?<location>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();

    [GeneratedRegex(@"^(?<path>.+?):(?<line>\d+)(?::(?<column>\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Location();
}
