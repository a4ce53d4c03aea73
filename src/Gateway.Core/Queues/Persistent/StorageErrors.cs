namespace Gateway.Queues.Persistent;

/// <summary>Tells the errors of a file system that ran out of room from other failures.</summary>
internal static class StorageErrors
{
    // On Unix .NET reports errno as the IOException's HResult: ENOSPC is 28 and EDQUOT (a user's quota) 122 on Linux.
    private const int NoSpaceErrno = 28;
    private const int QuotaExceededErrno = 122;

    // On Windows: ERROR_HANDLE_DISK_FULL (39) and ERROR_DISK_FULL (112) as HRESULTs.
    private const int HandleDiskFullHResult = unchecked((int)0x80070027);
    private const int DiskFullHResult = unchecked((int)0x80070070);

    public static bool IsOutOfSpace(Exception e) =>
        e is IOException { HResult: NoSpaceErrno or QuotaExceededErrno or HandleDiskFullHResult or DiskFullHResult };

    /// <summary>What a write to the queue's files can throw when the disk or its permissions fail.</summary>
    public static bool IsStorageError(Exception e) => e is IOException or UnauthorizedAccessException;
}
