using System.Threading.Channels;
using Gateway.Envelope;
using Gateway.Routing.Conditions;

namespace Gateway.Taps;

/// <summary>
/// One attached tap: a small bounded buffer between the pipeline and one reader. The pipeline never waits on it: an
/// event that finds the buffer full is not written (and not rendered) but counted, so a slow reader sees a sample
/// and learns how many it missed, and the tap's cost to the pipeline stays bounded by what the reader takes.
/// </summary>
public sealed class TapSubscription
{
    private readonly Channel<TapItem> _buffer;
    private readonly int _capacity;
    private readonly Func<EventEnvelope, byte[]> _render;
    private readonly Lock _renderGate = new();
    private long _dropped;

    /// <param name="render">Turns an envelope into the line the reader gets (JSON or a console line).</param>
    public TapSubscription(TapPoint point, IEventCondition? where, int capacity, Func<EventEnvelope, byte[]> render)
    {
        Point = point;
        Where = where;
        _capacity = capacity;
        _render = render;
        _buffer = Channel.CreateBounded<TapItem>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    }

    public TapPoint Point { get; }

    public IEventCondition? Where { get; }

    /// <summary>Events left out since the tap was attached because the reader was behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Called on the pipeline's thread: never blocks, never throws for a full buffer.</summary>
    public void Offer(EventEnvelope envelope)
    {
        if (Where is not null && !Where.Matches(envelope)) return;
        if (_buffer.Reader.Count >= _capacity)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        // Before the processors the envelope is still going to change (redaction rewrites it in place), so it is
        // rendered now; later it no longer changes and the reader renders it on its own thread.
        var item = Point.Stage == TapStage.Received ? new TapItem(null, RenderNow(envelope)) : new TapItem(envelope, null);
        if (!_buffer.Writer.TryWrite(item)) Interlocked.Increment(ref _dropped);
    }

    /// <summary>The next line for the reader, or null when <paramref name="wait"/> ends first.</summary>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken wait)
    {
        try
        {
            if (!await _buffer.Reader.WaitToReadAsync(wait).ConfigureAwait(false)) return null;
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested)
        {
            return null;
        }

        if (!_buffer.Reader.TryRead(out var item)) return null;
        return item.Rendered ?? _render(item.Envelope!);
    }

    /// <summary>No more events: the pipeline lets go of this tap (the reader left or the gateway stops).</summary>
    public void Complete() => _buffer.Writer.TryComplete();

    private byte[] RenderNow(EventEnvelope envelope)
    {
        // Several receiving threads may offer at once; the renderer (a console formatter) is not thread-safe.
        lock (_renderGate) return _render(envelope);
    }

    private readonly record struct TapItem(EventEnvelope? Envelope, byte[]? Rendered);
}
