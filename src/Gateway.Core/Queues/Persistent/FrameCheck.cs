namespace Gateway.Queues.Persistent;

/// <summary>The verdict on one frame.</summary>
internal enum FrameCheck : byte
{
    Valid,

    /// <summary>The bytes end before the frame does: a torn write when nothing valid follows.</summary>
    Incomplete,

    /// <summary>The length is zero or beyond the largest record the format allows.</summary>
    BadLength,

    BadChecksum,
}
