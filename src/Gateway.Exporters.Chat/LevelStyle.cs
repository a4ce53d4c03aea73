using Gateway.Envelope;

namespace Gateway.Exporters.Chat;

/// <summary>How a level looks in chat: an emoji that works everywhere, and a colour where the platform has one.</summary>
public static class LevelStyle
{
    public static string Emoji(EventLevel level) => level switch
    {
        EventLevel.Fatal => "💥",
        EventLevel.Error => "🔴",
        EventLevel.Warn => "🟠",
        EventLevel.Info => "🔵",
        _ => "⚪",
    };

    /// <summary>RGB as one integer (Discord embed colour).</summary>
    public static int Rgb(EventLevel level) => level switch
    {
        EventLevel.Fatal => 0x8E0000,
        EventLevel.Error => 0xE01E5A,
        EventLevel.Warn => 0xECB22E,
        EventLevel.Info => 0x1D9BD1,
        _ => 0x9EA0A5,
    };

    /// <summary>Adaptive Card TextBlock colour names.</summary>
    public static string AdaptiveColor(EventLevel level) => level switch
    {
        EventLevel.Fatal or EventLevel.Error => "Attention",
        EventLevel.Warn => "Warning",
        EventLevel.Info => "Accent",
        _ => "Default",
    };
}
