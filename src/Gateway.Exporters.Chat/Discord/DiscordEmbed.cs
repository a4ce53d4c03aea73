using Gateway.Exporters.Chat.Text;

namespace Gateway.Exporters.Chat.Discord;

/// <summary>
/// One embed, its texts already cut to their own limits, so the total that Discord also limits (6000) can be measured
/// and the description, the only long part, shortened to what is left before anything is written.
/// </summary>
internal sealed class DiscordEmbed
{
    public required string Title { get; init; }

    public string? Description { get; set; }

    public List<(string Name, string Value, bool Inline)> Fields { get; } = [];

    public string? Footer { get; init; }

    public void AddField(string name, string value, bool inline = true)
    {
        if (Fields.Count == DiscordLimits.Fields || value.Length == 0) return;
        Fields.Add((SafeText.Truncate(name, DiscordLimits.FieldName), SafeText.Truncate(value, DiscordLimits.FieldValue), inline));
    }

    /// <summary>Everything Discord counts towards the 6000 except the description.</summary>
    public int LengthWithoutDescription()
    {
        var length = Title.Length + (Footer?.Length ?? 0);
        foreach (var (name, value, _) in Fields) length += name.Length + value.Length;
        return length;
    }
}
