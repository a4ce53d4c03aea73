namespace Gateway.Otlp.Events;

/// <summary>
/// One top-level value of the body, found by <see cref="EventBodyScanner"/>: where its bytes are, what it is, the
/// documented field names it has (for detection) and how many events it numbers (its <c>events</c> for a batch or
/// payload, else one). A rejected item carries the reason.
/// </summary>
internal readonly record struct EventItem(int Start, int Length, EventItemKind Kind, EventKeys Keys, int Events, string? Problem);
