namespace Gateway.Exporters.Chat.Delivery;

/// <param name="Status">What happened to the message.</param>
/// <param name="Reason">The platform's own error text (invalid_blocks, Discord's error JSON) or the transport error.</param>
/// <param name="WaitBeforeNext">How long the platform asked us to wait before the next post (Retry-After, retry_after, or
/// a Discord bucket that is exhausted even though this message was delivered).</param>
public readonly record struct PostOutcome(PostStatus Status, string? Reason = null, TimeSpan? WaitBeforeNext = null)
{
    public static PostOutcome Delivered(TimeSpan? waitBeforeNext = null) => new(PostStatus.Delivered, null, waitBeforeNext);
}
