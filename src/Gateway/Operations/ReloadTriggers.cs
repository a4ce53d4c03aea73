using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Operations;

/// <summary>
/// What asks for a reload: SIGHUP, and a change of the configuration file (debounced, since editors write a file in
/// several steps). Disposing stops both.
/// </summary>
internal sealed class ReloadTriggers : IAsyncDisposable
{
    /// <summary>One reload after the last of an editor's writes.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly ITimer _debounce;
    private readonly FileSystemWatcher? _watcher;
    private readonly PosixSignalRegistration? _sighup;

    /// <param name="reload">Called with what triggered it ("SIGHUP", "file changed"); must not throw.</param>
    public ReloadTriggers(string path, Func<string, Task> reload, TimeProvider time, ILogger logger)
    {
        _debounce = time.CreateTimer(_ => _ = reload("file changed"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = TryWatch(path, logger);
        try
        {
            // Cancelling the default action keeps SIGHUP from ending the process.
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _ = reload("SIGHUP");
            });
        }
        catch (PlatformNotSupportedException)
        {
            // No SIGHUP on this platform; the file watcher still reloads.
        }

        OperationsLog.Watching(logger, path);
    }

    private FileSystemWatcher? TryWatch(string path, ILogger logger)
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => Changed();
            watcher.Created += (_, _) => Changed();
            watcher.Renamed += (_, _) => Changed();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // E.g. the user's inotify instances are used up: SIGHUP still reloads.
            watcher?.Dispose();
            OperationsLog.CannotWatch(logger, path, e.Message);
            return null;
        }
    }

    private void Changed() => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);

    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        _sighup?.Dispose();
        await _debounce.DisposeAsync().ConfigureAwait(false);
    }
}
