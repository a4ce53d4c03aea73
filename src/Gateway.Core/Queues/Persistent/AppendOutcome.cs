namespace Gateway.Queues.Persistent;

/// <summary>What became of an append; in every outcome but <see cref="Appended"/> nothing of it was stored.</summary>
public enum AppendOutcome : byte
{
    /// <summary>All records of the append are stored, as durably as the fsync policy promises.</summary>
    Appended,

    /// <summary>Storing them would pass max_bytes; nothing was written (the caller applies backpressure).</summary>
    Full,

    /// <summary>
    /// The disk refused the write (full, or failing; <see cref="DurableLog.WriteFailure"/> says why) or refused one
    /// shortly before: nothing was written, and appends are refused at once until the log finds room again by itself.
    /// </summary>
    Unwritable,
}
