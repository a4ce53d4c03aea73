using System.Globalization;
using System.Text.RegularExpressions;
using Sentry;

namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>
/// .NET <c>Exception.ToString()</c> text: "Type: message", " ---> Inner: message" lines, then frames
/// "at Ns.Type.Method(args) in /path/File.cs:line 42" with "--- End of inner exception stack trace ---" between the
/// frames of each inner exception (innermost first).
/// </summary>
public sealed partial class DotNetStackTraceParser : IStackTraceParser
{
    public string Platform => "csharp";

    public bool TryParse(string stack, out IReadOnlyList<ParsedException> chain)
    {
        var headers = new List<ParsedException>();
        var sections = new List<List<SentryStackFrame>> { new() };
        var seenFrame = false;
        foreach (var line in StackPath.Lines(stack))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed.StartsWith("at ", StringComparison.Ordinal))
            {
                if (!TryFrame(trimmed, out var frame)) continue;
                sections[^1].Add(frame);
                seenFrame = true;
            }
            else if (trimmed.StartsWith("--- End of inner exception stack trace ---", StringComparison.Ordinal))
            {
                sections.Add([]);
            }
            else if (trimmed.StartsWith("---> ", StringComparison.Ordinal))
            {
                AddHeader(headers, trimmed[5..]);
            }
            else if (headers.Count == 0)
            {
                AddHeader(headers, trimmed);
            }
            else if (!seenFrame && !trimmed.StartsWith("---", StringComparison.Ordinal))
            {
                // A multi-line message continues until the first frame.
                headers[^1].Value += "\n" + trimmed;
            }
        }

        // Sections run innermost first while headers run outermost first: pair them from opposite ends.
        var result = new List<ParsedException>(sections.Count);
        for (var i = 0; i < sections.Count; i++)
        {
            var headerIndex = headers.Count - 1 - i;
            var exception = headerIndex >= 0 && headerIndex < headers.Count ? headers[headerIndex] : new ParsedException();
            exception.Frames.AddRange(sections[i]);
            result.Add(exception);
        }

        StackPath.ToSentryOrder(result);
        chain = result;
        return StackPath.HasFrames(result);
    }

    private static void AddHeader(List<ParsedException> headers, string text)
    {
        var match = Header().Match(text);
        headers.Add(match.Success
            ? new ParsedException { Type = match.Groups["type"].Value, Value = match.Groups["value"].Value }
            : new ParsedException { Value = text });
    }

    private static bool TryFrame(string line, out SentryStackFrame frame)
    {
        frame = null!;
        var match = Frame().Match(line);
        if (!match.Success) return false;
        var method = match.Groups["method"].Value;
        var paren = method.IndexOf('(', StringComparison.Ordinal);
        // "(File.java:42)" is a JVM frame: both runtimes start frames with "at ".
        if (JvmLocation().IsMatch(method.AsSpan(paren))) return false;
        var name = method[..paren];
        var split = name.LastIndexOf('.');
        if (split > 0 && name[split - 1] == '.') split--; // ".ctor" / ".cctor"
        var module = split > 0 ? name[..split] : null;
        var function = split > 0 ? name[(split + 1)..] : name;
        if (function == "MoveNext" && module is not null && AsyncStateMachine().Match(module) is { Success: true } async)
        {
            // Older runtimes print the compiler's state machine; show the async method the user wrote.
            function = async.Groups["method"].Value;
            module = module[..async.Index].TrimEnd('.', '+');
        }

        frame = new SentryStackFrame { Module = module, Function = function };
        if (match.Groups["file"].Success)
        {
            var path = match.Groups["file"].Value;
            frame.AbsolutePath = path;
            frame.FileName = StackPath.FileName(path);
            frame.LineNumber = int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture);
        }

        return true;
    }

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.`+]*(?:\[[\w.,`+\[\] ]*\])?)(?: \([^)]*\))?: ?(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    [GeneratedRegex(@"^at (?<method>[^\s(]+\(.*?\))(?: in (?<file>.+):line (?<line>\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();

    [GeneratedRegex(@"^\((?:[\w$]+\.(?:java|kt|scala|groovy|clj)(?::\d+)?|Native Method|Unknown Source)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex JvmLocation();

    [GeneratedRegex(@"[.+]<(?<method>[^>]+)>d__\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex AsyncStateMachine();
}
