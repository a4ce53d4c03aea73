using Gateway.Envelope;

namespace Gateway.Taps;

/// <summary>
/// The taps attached to the pipeline, shared by every runtime a reload builds. The pipeline reads
/// <see cref="Attached"/> once per batch: null while no tap is attached, so an untapped gateway pays one read and
/// one branch per batch and nothing per event.
/// </summary>
public sealed class PipelineTaps
{
    private readonly Lock _gate = new();
    private volatile TapSubscription[]? _attached;

    /// <summary>The attached taps, or null when there are none.</summary>
    public TapSubscription[]? Attached => _attached;

    public int Count => _attached?.Length ?? 0;

    /// <returns>False when <paramref name="max"/> taps are attached already.</returns>
    public bool TryAttach(TapSubscription tap, int max)
    {
        lock (_gate)
        {
            var current = _attached ?? [];
            if (current.Length >= max) return false;
            _attached = [.. current, tap];
            return true;
        }
    }

    public void Detach(TapSubscription tap)
    {
        lock (_gate)
        {
            var current = _attached ?? [];
            var remaining = Array.FindAll(current, t => !ReferenceEquals(t, tap));
            _attached = remaining.Length == 0 ? null : remaining;
        }

        tap.Complete();
    }

    /// <summary>Offers a batch to every tap at <paramref name="stage"/> (and, for exporters, of <paramref name="exporter"/>).</summary>
    public static void Offer(TapSubscription[] taps, TapStage stage, string? exporter, List<EventEnvelope> envelopes)
    {
        foreach (var tap in taps)
        {
            if (tap.Point.Stage != stage || (exporter is not null && !string.Equals(tap.Point.Exporter, exporter, StringComparison.Ordinal))) continue;
            foreach (var envelope in envelopes) tap.Offer(envelope);
        }
    }
}
