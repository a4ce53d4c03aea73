namespace Gateway.Exporters.Chat.Slack;

/// <summary>Block Kit limits (UTF-16 characters) that Slack enforces with invalid_blocks.</summary>
public static class SlackLimits
{
    public const int Blocks = 50;
    public const int HeaderText = 150;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int FieldText = 2000;
    public const int ContextElements = 10;
    public const int ButtonText = 75;
    public const int ButtonUrl = 3000;

    /// <summary>The top-level <c>text</c>, shown in notifications; Slack truncates beyond 40,000 characters, we stay well below.</summary>
    public const int FallbackText = 3000;
}
