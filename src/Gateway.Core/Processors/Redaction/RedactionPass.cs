using System.Runtime.InteropServices;
using Gateway.Envelope;

namespace Gateway.Processors.Redaction;

/// <summary>
/// The running tally of one <see cref="IEventProcessor.Process"/> call: hits per rule for the counters (added once per
/// batch) and, per envelope, the count and key names of its summary. Key paths are only joined when something was
/// redacted, so a clean envelope allocates nothing here.
/// </summary>
public sealed class RedactionPass(int detectorCount)
{
    private readonly List<string> _path = [];
    private readonly List<string> _keys = [];
    private int _envelopeCount;

    public long[] DetectorHits { get; } = new long[detectorCount];

    public long BlockedKeyHits { get; private set; }

    public long NotAllowedKeyHits { get; private set; }

    public void HitDetector(int index)
    {
        DetectorHits[index]++;
        _envelopeCount++;
    }

    public void HitKey(KeyVerdict verdict)
    {
        if (verdict == KeyVerdict.Blocked) BlockedKeyHits++;
        else NotAllowedKeyHits++;
        _envelopeCount++;
    }

    /// <summary>Descends into a section (<c>resource</c>, <c>actor.tags</c>, <c>body</c>) or a nested map's key.</summary>
    public void Enter(string segment) => _path.Add(segment);

    public void Leave() => _path.RemoveAt(_path.Count - 1);

    /// <summary>Notes which key was redacted, as its dotted path (<c>resource.db.password</c>), never its value.</summary>
    public void RecordKey(string key)
    {
        var full = _path.Count == 0 ? key : string.Join('.', CollectionsMarshal.AsSpan(_path)) + "." + key;
        if (!_keys.Contains(full)) _keys.Add(full);
    }

    /// <summary>The summary of the envelope just walked (null when nothing was redacted), and a clean slate for the next.</summary>
    public RedactionSummary? FinishEnvelope()
    {
        if (_envelopeCount == 0) return null;
        var summary = new RedactionSummary { Count = _envelopeCount, Keys = [.. _keys] };
        _envelopeCount = 0;
        _keys.Clear();
        _path.Clear();
        return summary;
    }
}
