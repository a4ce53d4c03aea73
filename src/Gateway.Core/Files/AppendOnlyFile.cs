using Microsoft.Win32.SafeHandles;

namespace Gateway.Files;

/// <summary>
/// A file the gateway only appends to (the file exporter's NDJSON, the dead-letter file), written so that whatever
/// happens to it from outside never corrupts it. <see cref="FileStream"/> in append mode remembers its own offset and
/// writes there: after <c>truncate -s 0</c> or logrotate's <c>copytruncate</c> the next write lands at the old offset,
/// leaving a run of NUL bytes in front of it. Here the file descriptor has <c>O_APPEND</c> (Linux), so the kernel puts
/// every write at the end as the file is now, in one step; elsewhere the end is looked up just before each write.
/// A write that fails half-way is cut off again, so a reader never sees half a line.
/// </summary>
public sealed class AppendOnlyFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly bool _kernelAppends;

    private AppendOnlyFile(string path, SafeFileHandle handle, bool kernelAppends)
    {
        Path = path;
        _handle = handle;
        _kernelAppends = kernelAppends;
    }

    /// <summary>The full path the file was opened at.</summary>
    public string Path { get; }

    /// <summary>The file's size now (asked of the file system each time: someone else may have cut it).</summary>
    public long Length => RandomAccess.GetLength(_handle);

    /// <summary>Opens (creating it and its directory if needed) <paramref name="path"/> for appending; others may read it.</summary>
    public static AppendOnlyFile Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var handle = File.OpenHandle(full, FileMode.Append, FileAccess.Write, FileShare.Read);
        try
        {
            return new AppendOnlyFile(full, handle, OperatingSystem.IsLinux() && AppendDescriptor.TrySetAppend(handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends <paramref name="data"/> whole, or throws <see cref="IOException"/> with the file as it was (what a
    /// failed write left behind is truncated away).
    /// </summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        var before = Length;
        try
        {
            if (_kernelAppends && OperatingSystem.IsLinux()) AppendDescriptor.WriteAll(_handle, data);
            else RandomAccess.Write(_handle, data, before);
        }
        catch (IOException)
        {
            CutBackTo(before);
            throw;
        }
    }

    /// <summary>Forces what was appended onto the disk (survives a power loss, not only a crash of the gateway).</summary>
    public void FlushToDisk() => RandomAccess.FlushToDisk(_handle);

    /// <summary>
    /// False once <see cref="Path"/> names another file or none: it was renamed away (logrotate's default
    /// <c>create</c> mode) and the writer should open the path again rather than keep writing to the renamed file.
    /// </summary>
    public bool IsStillAtPath()
    {
        try
        {
            var current = new FileInfo(Path);
            return current.Exists && current.Length == Length;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _handle.Dispose();

    private void CutBackTo(long length)
    {
        try
        {
            // Only ever shortens: if the file was cut from outside meanwhile, there is nothing of ours to take back.
            if (Length > length) RandomAccess.SetLength(_handle, length);
        }
        catch (IOException)
        {
            // The write's own error is the one worth reporting.
        }
    }
}
