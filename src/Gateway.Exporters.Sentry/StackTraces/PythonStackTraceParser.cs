using System.Globalization;
using System.Text.RegularExpressions;
using Sentry;

namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>
/// Python tracebacks: "Traceback (most recent call last):", frames <c>File "x.py", line 3, in f</c> each followed by
/// its source line, then "Type: message"; chained blocks ("During handling of the above exception ...", "The above
/// exception was the direct cause ...") are printed root cause first, as Sentry wants.
/// </summary>
public sealed partial class PythonStackTraceParser : IStackTraceParser
{
    public string Platform => "python";

    public bool TryParse(string stack, out IReadOnlyList<ParsedException> chain)
    {
        var result = new List<ParsedException>();
        ParsedException? current = null;
        SentryStackFrame? last = null;
        foreach (var line in StackPath.Lines(stack))
        {
            if (line.Trim().Length == 0) continue;
            if (line.StartsWith("Traceback (most recent call last)", StringComparison.Ordinal))
            {
                current = new ParsedException();
                result.Add(current);
                last = null;
                continue;
            }

            if (current is null) continue;
            var frameMatch = Frame().Match(line);
            if (frameMatch.Success)
            {
                last = ToFrame(frameMatch);
                current.Frames.Add(last);
            }
            else if (char.IsWhiteSpace(line[0]))
            {
                // The source line under a frame; carets ("^^^^") and later annotations are not source.
                var source = line.Trim();
                if (last is not null && last.ContextLine is null && source.Trim('^', '~', ' ').Length > 0) last.ContextLine = source;
            }
            else if (current.Type is null && ExceptionLine().Match(line) is { Success: true } exception)
            {
                current.Type = exception.Groups["type"].Value;
                current.Value = exception.Groups["value"].Success ? exception.Groups["value"].Value : null;
                last = null;
            }
        }

        chain = result;
        return StackPath.HasFrames(result);
    }

    private static SentryStackFrame ToFrame(Match match)
    {
        var path = match.Groups["path"].Value;
        return new SentryStackFrame
        {
            AbsolutePath = path,
            FileName = StackPath.FileName(path),
            Module = ModuleOf(path),
            LineNumber = int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture),
            Function = match.Groups["function"].Success ? match.Groups["function"].Value : null,
        };
    }

    /// <summary>Installed and standard-library files name their module by path; an app's own root is unknown, so none.</summary>
    private static string? ModuleOf(string path)
    {
        var library = LibraryPath().Match(path);
        if (!library.Success) return null;
        var relative = library.Groups["relative"].Value;
        if (relative.EndsWith(".py", StringComparison.Ordinal)) relative = relative[..^3];
        if (relative.EndsWith("/__init__", StringComparison.Ordinal)) relative = relative[..^9];
        return relative.Replace('/', '.').Replace('\\', '.');
    }

    [GeneratedRegex(@"^\s+File ""(?<path>[^""]+)"", line (?<line>\d+)(?:, in (?<function>.+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.]*)(?:: (?<value>.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ExceptionLine();

    // Greedy start: in ".../python3.12/site-packages/requests/x.py" the module starts after the last marker.
    [GeneratedRegex(@"^.*(?:site-packages|dist-packages|python\d+(?:\.\d+)?)[/\\](?<relative>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex LibraryPath();
}
