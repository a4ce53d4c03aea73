namespace Gateway.Queues.Persistent;

/// <summary>When appended records are forced from the OS page cache to the disk (see docs/durability.md for the trade-off).</summary>
public enum FsyncPolicy : byte
{
    /// <summary>One fsync per group commit, before any appender in the group is acknowledged: survives a power loss.</summary>
    Always,

    /// <summary>Acknowledge after the write; fsync at most once per interval: a power loss can lose up to one interval.</summary>
    Interval,

    /// <summary>Acknowledge after the write and leave flushing to the OS: survives a crash of the gateway, not of the machine.</summary>
    Never,
}
