namespace Gateway.Otlp.Events;

/// <summary>
/// Tracardi's <c>time {create, insert}</c>: create is when the event happened (the envelope's time), insert when it
/// was recorded (its observed time). <see cref="ulong.MaxValue"/> stands for a time past the envelope's range.
/// </summary>
internal struct TracardiTimes
{
    public ulong? Create;

    public ulong? Insert;
}
