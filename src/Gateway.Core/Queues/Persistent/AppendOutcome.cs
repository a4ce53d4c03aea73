namespace Gateway.Queues.Persistent;

/// <summary>What became of an append. Failures to write (a broken disk) surface as an <see cref="IOException"/> instead.</summary>
public enum AppendOutcome : byte
{
    /// <summary>All records of the append are stored, as durably as the fsync policy promises.</summary>
    Appended,

    /// <summary>Storing them would pass max_bytes; nothing was written (the caller applies backpressure).</summary>
    Full,
}
