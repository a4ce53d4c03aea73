namespace Gateway.Host.Operations;

/// <summary>
/// Reads the configuration file only once it has stopped changing: two reads <see cref="Interval"/> apart must agree.
/// Editors, <c>cat &gt; file</c>, config management and people write a file in several steps (truncate, then write;
/// write half, pause, write the rest); a reload that parsed what was there mid-way would apply a file nobody wrote.
/// A missing file (between an editor's delete and rename) counts as still changing.
/// </summary>
internal sealed class SettledFileReader
{
    /// <summary>How long the file must stay the same; as long as the watcher's debounce, so a pause twice that is absorbed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long to wait for the writes to end before giving up on this reload (the next change triggers another).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;

    public SettledFileReader(TimeProvider time) => _time = time;

    /// <returns>The settled text, or null with <paramref name="problem"/> saying why there is none.</returns>
    public async Task<(string? Text, string? Problem)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + Timeout;
        string? previous = null;
        while (true)
        {
            string? current = null;
            string? unreadable = null;
            try
            {
                current = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable = e.Message;
            }

            if (current is not null && current == previous) return (current, null);
            if (_time.GetUtcNow() >= deadline)
            {
                return (null, unreadable is not null
                    ? $"cannot read the file: {unreadable}"
                    : $"the file kept changing for {Timeout.TotalSeconds:0}s; it is read again at its next change (or SIGHUP)");
            }

            previous = current;
            await Task.Delay(Interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
