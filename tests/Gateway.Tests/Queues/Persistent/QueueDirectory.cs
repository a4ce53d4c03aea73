using System.Text;
using Gateway.Queues.Persistent;

namespace Gateway.Tests.Queues.Persistent;

/// <summary>A temporary queue root per test, and the small steps the tests repeat: open, append text, read everything.</summary>
public sealed class QueueDirectory : IDisposable
{
    // The name is unique per test: the corrupt-record counter is tagged with it and tests run in parallel.
    public QueueDirectory(string name = "elasticsearch/main")
        : this(Directory.CreateTempSubdirectory("gateway-queue-").FullName, $"{name}-{Guid.NewGuid():N}")
    {
    }

    /// <summary>A queue of its own under <paramref name="root"/> (e.g. a small tmpfs), which the caller owns and removes.</summary>
    public static QueueDirectory Under(string root, string name = "elasticsearch/main") => new(root, $"{name}-{Guid.NewGuid():N}");

    private QueueDirectory(string root, string name)
    {
        Root = root;
        Name = name;
    }

    public string Root { get; }

    public string Name { get; }

    public string LogPath => Path.Combine(Root, QueueDirectoryName.For(Name));

    public DurableLogOptions Options(long maxBytes = 64L * 1024 * 1024, long segmentBytes = DurableLogOptions.DefaultSegmentBytes, FsyncPolicy fsync = FsyncPolicy.Always) =>
        new() { Directory = Root, Name = Name, MaxBytes = maxBytes, SegmentBytes = segmentBytes, Fsync = fsync };

    public DurableLog Open(long maxBytes = 64L * 1024 * 1024, long segmentBytes = DurableLogOptions.DefaultSegmentBytes, FsyncPolicy fsync = FsyncPolicy.Always, TimeProvider? time = null) =>
        DurableLog.Open(Options(maxBytes, segmentBytes, fsync), time);

    public string[] SegmentFiles() => Directory.GetFiles(LogPath, "segment-*.log").Order(StringComparer.Ordinal).ToArray();

    public static async Task AppendTextsAsync(DurableLog log, params string[] texts)
    {
        foreach (var text in texts) Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Everything readable now, without acknowledging it.</summary>
    public static List<LogRecord> ReadAvailable(DurableLog log)
    {
        var records = new List<LogRecord>();
        while (log.TryRead(out var record)) records.Add(record);
        return records;
    }

    public static List<string> Texts(List<LogRecord> records) => records.Select(r => Encoding.UTF8.GetString(r.Payload.Span)).ToList();

    public static void AcknowledgeAll(DurableLog log, List<LogRecord> records)
    {
        foreach (var record in records) Assert.True(log.Acknowledge(record.Position));
    }

    /// <summary>What a kill -9 leaves: the files as they are at this instant (written bytes are in the page cache, so on disk for any reader).</summary>
    public QueueDirectory SnapshotAsIfKilled()
    {
        var copy = new QueueDirectory(Directory.CreateTempSubdirectory("gateway-queue-").FullName, Name);
        var target = Path.Combine(copy.Root, QueueDirectoryName.For(Name));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(LogPath))
        {
            // The lock is held by the live process; a killed process's lock dies with it.
            if (Path.GetFileName(file) != "lock") File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return copy;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A log a test abandoned on purpose may still hold a handle; the temp directory is cleaned by the OS.
        }
    }
}
