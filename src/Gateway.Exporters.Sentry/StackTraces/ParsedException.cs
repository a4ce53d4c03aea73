using Sentry;

namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>One exception of a parsed chain, with the SDK's frame type so frames are written by the SDK's own serializer.</summary>
public sealed class ParsedException
{
    /// <summary>The type named by the stack text (Java "Caused by: x.Y", Python's last line), if any.</summary>
    public string? Type { get; set; }

    public string? Value { get; set; }

    /// <summary>Oldest call first, the frame that threw last.</summary>
    public List<SentryStackFrame> Frames { get; } = [];
}
