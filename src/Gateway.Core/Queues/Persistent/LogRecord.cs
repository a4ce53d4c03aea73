namespace Gateway.Queues.Persistent;

/// <summary>One record handed to a reader; pass <see cref="Position"/> to <see cref="DurableLog.Acknowledge(LogPosition)"/> once the destination confirmed it.</summary>
public readonly record struct LogRecord(LogPosition Position, ReadOnlyMemory<byte> Payload);
