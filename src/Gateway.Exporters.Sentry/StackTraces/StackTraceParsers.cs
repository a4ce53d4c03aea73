namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>
/// Picks the parser for a stack: the one of the sender's runtime first (from <c>telemetry.sdk.language</c>), then the
/// others, because a Node service may log a stack it received from a Java one.
/// </summary>
public sealed class StackTraceParsers
{
    private readonly IStackTraceParser[] _parsers =
    [
        new DotNetStackTraceParser(),
        new JavaStackTraceParser(),
        new V8StackTraceParser(),
        new PythonStackTraceParser(),
        new GoStackTraceParser(),
        new GeckoStackTraceParser(),
    ];

    public bool TryParse(string stack, string? platform, out IReadOnlyList<ParsedException> chain, out string parsedPlatform)
    {
        if (platform is not null)
        {
            foreach (var parser in _parsers)
            {
                if (parser.Platform == platform && parser.TryParse(stack, out chain))
                {
                    parsedPlatform = parser.Platform;
                    return true;
                }
            }
        }

        foreach (var parser in _parsers)
        {
            if (parser.Platform != platform && parser.TryParse(stack, out chain))
            {
                parsedPlatform = parser.Platform;
                return true;
            }
        }

        chain = [];
        parsedPlatform = platform ?? "other";
        return false;
    }
}
