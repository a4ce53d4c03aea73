namespace Gateway.Queues;

public enum QueueType : byte
{
    Memory,
    Persistent,
}
