namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>Path pieces shared by the parsers.</summary>
internal static class StackPath
{
    /// <summary>The file name after the last '/' or '\' (stacks from Windows hosts use backslashes).</summary>
    public static string FileName(string path)
    {
        var slash = path.AsSpan().LastIndexOfAny('/', '\\');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    public static string[] Lines(string stack) => stack.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>Reverses each exception's frames: most runtimes print the throwing frame first, Sentry wants it last.</summary>
    public static void ToSentryOrder(List<ParsedException> chain)
    {
        foreach (var exception in chain) exception.Frames.Reverse();
    }

    public static bool HasFrames(List<ParsedException> chain)
    {
        foreach (var exception in chain)
        {
            if (exception.Frames.Count > 0) return true;
        }

        return false;
    }
}
