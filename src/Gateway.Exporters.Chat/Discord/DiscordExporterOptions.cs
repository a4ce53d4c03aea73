using Gateway.Configuration;

namespace Gateway.Exporters.Chat.Discord;

/// <summary>The <c>discord</c> exporter: a channel webhook URL, optionally a thread (forum post) in that channel.</summary>
public sealed class DiscordExporterOptions : ChatExporterOptions
{
    /// <summary>Post into this thread of the webhook's channel.</summary>
    public string? ThreadId { get; set; }

    /// <summary>Ask Discord to answer with the created message (200) instead of 204, which confirms delivery.</summary>
    public bool Wait { get; set; } = true;

    /// <summary>Overrides the webhook's display name.</summary>
    public string? Username { get; set; }

    protected override string UrlExample => "https://discord.com/api/webhooks/123456789012345678/XXXX";

    public override void Validate(OptionsValidationContext context)
    {
        base.Validate(context);
        if (ThreadId is not null && !ulong.TryParse(ThreadId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            context.Error("thread_id", $"must be the thread's numeric id (a snowflake such as 1234567890123456789), got '{ThreadId}'");
        }

        if (Username is { } name && (name.Length is 0 or > 80 || name.Contains("discord", StringComparison.OrdinalIgnoreCase)))
        {
            context.Error("username", "must be 1 to 80 characters and must not contain \"discord\" (Discord refuses it)");
        }
    }
}
