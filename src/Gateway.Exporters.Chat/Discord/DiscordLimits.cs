namespace Gateway.Exporters.Chat.Discord;

/// <summary>Discord's message and embed limits, in characters (UTF-16 code units, as Discord counts them).</summary>
public static class DiscordLimits
{
    public const int Content = 2000;
    public const int Embeds = 10;
    public const int Title = 256;
    public const int Description = 4096;
    public const int Fields = 25;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int FooterText = 2048;
    public const int AuthorName = 256;

    /// <summary>Title, description, field names and values, footer and author of all embeds of one message together.</summary>
    public const int EmbedTotal = 6000;
}
