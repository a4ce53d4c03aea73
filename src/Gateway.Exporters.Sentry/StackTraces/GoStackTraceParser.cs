using System.Globalization;
using System.Text.RegularExpressions;
using Sentry;

namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>
/// Go panics: "panic: message", then the panicking goroutine's frames as pairs of lines, "pkg.(*Type).Method(args)"
/// and "\t/path/file.go:21 +0x22". Only the first goroutine is read: it is the one that panicked.
/// </summary>
public sealed partial class GoStackTraceParser : IStackTraceParser
{
    public string Platform => "go";

    public bool TryParse(string stack, out IReadOnlyList<ParsedException> chain)
    {
        var exception = new ParsedException();
        string? function = null;
        var inGoroutine = false;
        foreach (var line in StackPath.Lines(stack))
        {
            if (line.StartsWith("panic: ", StringComparison.Ordinal) && exception.Value is null)
            {
                exception.Type = "panic";
                exception.Value = line["panic: ".Length..].Trim();
                continue;
            }

            if (line.StartsWith("goroutine ", StringComparison.Ordinal))
            {
                if (inGoroutine) break;
                inGoroutine = true;
                continue;
            }

            if (!inGoroutine) continue;
            if (line.Trim().Length == 0)
            {
                if (exception.Frames.Count > 0) break;
                continue;
            }

            if (line[0] == '\t' || line.StartsWith("        ", StringComparison.Ordinal))
            {
                var location = Location().Match(line.Trim());
                if (function is null || !location.Success) continue;
                exception.Frames.Add(ToFrame(function, location));
                function = null;
            }
            else
            {
                function = FunctionOf(line.Trim());
            }
        }

        var result = new List<ParsedException> { exception };
        StackPath.ToSentryOrder(result);
        chain = result;
        return exception.Frames.Count > 0;
    }

    /// <summary>"pkg.(*T).M(0x1, {0x2})" without its argument list; "created by pkg.f in goroutine 7" names the spawning call.</summary>
    private static string? FunctionOf(string line)
    {
        if (line.StartsWith("created by ", StringComparison.Ordinal)) line = line["created by ".Length..];
        var goroutine = line.IndexOf(" in goroutine ", StringComparison.Ordinal);
        if (goroutine > 0) line = line[..goroutine];
        if (!line.EndsWith(')')) return line.Length > 0 && !line.Contains(' ', StringComparison.Ordinal) ? line : null;
        var depth = 0;
        for (var i = line.Length - 1; i >= 0; i--)
        {
            if (line[i] == ')') depth++;
            else if (line[i] == '(' && --depth == 0) return i > 0 ? line[..i] : null;
        }

        return null;
    }

    private static SentryStackFrame ToFrame(string qualified, Match location)
    {
        // "github.com/acme/shop/orders.(*Service).Place": the package ends at the first '.' after the last '/'.
        var slash = qualified.LastIndexOf('/');
        var dot = qualified.IndexOf('.', slash + 1);
        var path = location.Groups["path"].Value;
        return new SentryStackFrame
        {
            Module = dot > 0 ? qualified[..dot] : null,
            Function = dot > 0 ? qualified[(dot + 1)..] : qualified,
            AbsolutePath = path,
            FileName = StackPath.FileName(path),
            LineNumber = int.Parse(location.Groups["line"].Value, CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex(@"^(?<path>.+\.go):(?<line>\d+)(?: \+0x[0-9a-f]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Location();
}
