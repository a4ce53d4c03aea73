namespace Gateway.Envelope;

/// <summary>The lower-case level names used in JSON, YAML and every exporter.</summary>
public static class EventLevelNames
{
    public static string ToName(this EventLevel level) => level switch
    {
        EventLevel.Debug => "debug",
        EventLevel.Info => "info",
        EventLevel.Warn => "warn",
        EventLevel.Error => "error",
        EventLevel.Fatal => "fatal",
        _ => "info",
    };

    /// <summary>Parses the canonical names (debug, info, warn, error, fatal), case-insensitively.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out EventLevel level)
    {
        if (text.Equals("debug", StringComparison.OrdinalIgnoreCase)) { level = EventLevel.Debug; return true; }
        if (text.Equals("info", StringComparison.OrdinalIgnoreCase)) { level = EventLevel.Info; return true; }
        if (text.Equals("warn", StringComparison.OrdinalIgnoreCase)) { level = EventLevel.Warn; return true; }
        if (text.Equals("error", StringComparison.OrdinalIgnoreCase)) { level = EventLevel.Error; return true; }
        if (text.Equals("fatal", StringComparison.OrdinalIgnoreCase)) { level = EventLevel.Fatal; return true; }
        level = EventLevel.Info;
        return false;
    }

    public const string Expected = "one of debug, info, warn, error, fatal";
}
