using Gateway.Envelope;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// OTLP severity to the envelope's five levels: the number when the sender set one (TRACE counts as debug),
/// else the text as the common logging libraries spell it, else info.
/// </summary>
public static class SeverityMapper
{
    public static EventLevel ToLevel(int severityNumber, string? severityText)
    {
        switch (severityNumber)
        {
            case >= 1 and <= 8: return EventLevel.Debug;
            case >= 9 and <= 12: return EventLevel.Info;
            case >= 13 and <= 16: return EventLevel.Warn;
            case >= 17 and <= 20: return EventLevel.Error;
            case >= 21 and <= 24: return EventLevel.Fatal;
        }

        return !string.IsNullOrEmpty(severityText) && TryFromText(severityText.AsSpan().Trim(), out var level) ? level : EventLevel.Info;
    }

    /// <summary>A level name as the common logging libraries spell it, case-insensitively; false for any other text.</summary>
    public static bool TryFromText(ReadOnlySpan<char> text, out EventLevel level)
    {
        level = EventLevel.Info;
        // Case-insensitive without allocating: the longest accepted word is 11 characters ("information").
        if (text.Length > 11) return false;
        Span<char> lower = stackalloc char[text.Length];
        text.ToLowerInvariant(lower);
        switch (lower)
        {
            case "trace" or "debug": level = EventLevel.Debug; return true;
            case "info" or "information" or "notice": level = EventLevel.Info; return true;
            case "warn" or "warning": level = EventLevel.Warn; return true;
            case "error" or "err": level = EventLevel.Error; return true;
            case "critical" or "crit" or "fatal" or "alert" or "emergency" or "panic": level = EventLevel.Fatal; return true;
            default: return false;
        }
    }
}
