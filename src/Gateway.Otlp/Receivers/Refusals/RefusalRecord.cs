namespace Gateway.Otlp.Receivers.Refusals;

/// <summary>One refusal as the status page lists it: when, on which transport, why, what the client was answered.</summary>
public sealed record RefusalRecord(DateTimeOffset At, string Transport, string Reason, string Answer, string Detail);
