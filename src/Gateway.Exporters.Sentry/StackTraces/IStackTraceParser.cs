namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>Reads the stack text of one runtime into Sentry's model; one implementation per runtime.</summary>
public interface IStackTraceParser
{
    /// <summary>Sentry's platform name for stacks of this runtime (csharp, java, javascript, python, go).</summary>
    string Platform { get; }

    /// <summary>
    /// Parses <paramref name="stack"/>; true when at least one frame was recognised. The chain comes in Sentry's order:
    /// the root cause first, the exception that was caught last; each exception's frames oldest call first.
    /// </summary>
    bool TryParse(string stack, out IReadOnlyList<ParsedException> chain);
}
