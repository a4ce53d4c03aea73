namespace Gateway.Host.Security;

/// <summary>
/// What a file looked like when last read: its write time and length. Comparing stamps on each TLS handshake costs a
/// stat call and, unlike a FileSystemWatcher, also sees files replaced through renames or Kubernetes secret symlinks.
/// </summary>
internal readonly record struct FileStamp(DateTime LastWriteUtc, long Length)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : default;
    }
}
