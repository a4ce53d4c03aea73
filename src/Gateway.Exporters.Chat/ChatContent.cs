using Gateway.Envelope;

namespace Gateway.Exporters.Chat;

/// <summary>
/// What a message shows, already chosen and worded but not yet shaped or cut: each platform's formatter lays it out
/// (blocks, embed, card) and applies its own limits.
/// </summary>
public sealed class ChatContent
{
    public required ChatNotice Notice { get; init; }

    public required EventLevel Level { get; init; }

    /// <summary>The template's output, else the event's title, else its name; prefixed by a summary's count.</summary>
    public required string Headline { get; init; }

    public string? Service { get; init; }

    public string? Environment { get; init; }

    public string? Message { get; init; }

    public string? ErrorName { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>The top frames of the stack, already cut to the configured number of lines.</summary>
    public string? Stack { get; init; }

    /// <summary>"user u-42", "tenant acme".</summary>
    public string? Actor { get; init; }

    public string? Scope { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Attributes { get; init; } = [];

    public required DateTimeOffset Time { get; init; }

    public string? EventId { get; init; }

    public string? KibanaUrl { get; init; }

    public string? SentryUrl { get; init; }

    /// <summary>The summary's sentence ("×37 more in the last 5 min, first 12:00:01, last 12:04:58"); null for an event.</summary>
    public string? SummaryLine { get; init; }

    /// <summary>For a held-back summary, one line per group ("12× payment.failed · checkout · CardDeclinedException").</summary>
    public IReadOnlyList<string> HeldBackLines { get; init; } = [];

    public bool HasLinks => KibanaUrl is not null || SentryUrl is not null;
}
