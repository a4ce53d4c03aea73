using System.Diagnostics;

namespace Gateway.Testing;

/// <summary>
/// A tmpfs of a few hundred KiB mounted on a fresh temporary directory: a disk that really fills up and answers
/// ENOSPC, for the disk-full tests. Mounting needs root, which the CI has; without it the test fails saying so (a
/// skipped disk-full test would prove nothing). Disposing unmounts it.
/// </summary>
public sealed class SmallTmpfs : IDisposable
{
    private const string FillerName = "filler";

    private SmallTmpfs(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Bytes still free for writing.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public static SmallTmpfs Mount(int kibibytes)
    {
        var path = Directory.CreateTempSubdirectory("gateway-tmpfs-").FullName;
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k,mode=0755", "tmpfs", path);
        if (exitCode != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException(
                $"could not mount a {kibibytes} KiB tmpfs on {path} (exit {exitCode}: {output.Trim()}); the disk-full tests need root (CI runs them as root)");
        }

        return new SmallTmpfs(path);
    }

    /// <summary>Takes every byte still free with a filler file, as another program filling the disk would.</summary>
    public void Fill()
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, FillerName), FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 1);
        var block = new byte[4096];
        try
        {
            while (true) filler.Write(block);
        }
        catch (IOException)
        {
            // Full: what the filler took so far stays taken.
        }
    }

    /// <summary>Deletes the filler: the room another program took is free again.</summary>
    public void FreeFiller() => File.Delete(System.IO.Path.Combine(Path, FillerName));

    public void Dispose()
    {
        // Lazily, so a file a test left open cannot keep the mount (and the test run) hanging.
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill();
            return (process.HasExited ? process.ExitCode : -1, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{program}: {e.Message}");
        }
    }
}
