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

        return string.IsNullOrEmpty(severityText) ? EventLevel.Info : FromText(severityText.AsSpan().Trim());
    }

    private static EventLevel FromText(ReadOnlySpan<char> text)
    {
        // Case-insensitive without allocating: the longest accepted word is 11 characters ("information").
        if (text.Length > 11) return EventLevel.Info;
        Span<char> lower = stackalloc char[text.Length];
        text.ToLowerInvariant(lower);
        return lower switch
        {
            "trace" or "debug" => EventLevel.Debug,
            "info" or "information" or "notice" => EventLevel.Info,
            "warn" or "warning" => EventLevel.Warn,
            "error" or "err" => EventLevel.Error,
            "critical" or "crit" or "fatal" or "alert" or "emergency" or "panic" => EventLevel.Fatal,
            _ => EventLevel.Info,
        };
    }
}
