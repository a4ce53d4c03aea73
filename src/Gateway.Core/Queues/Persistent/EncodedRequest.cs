using System.Buffers;
using Gateway.Envelope;

namespace Gateway.Queues.Persistent;

/// <summary>
/// One request's envelopes in their binary form, all in one buffer, with a slice per record for the log.
/// Pooled by <see cref="PersistentEventQueue"/> so a steady load encodes without allocating.
/// </summary>
internal sealed class EncodedRequest
{
    /// <summary>A buffer grown past this by one huge request is not kept, so the pool never pins much memory.</summary>
    public const int MaxPooledBytes = 4 * 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<int> _ends = [];
    private readonly List<ReadOnlyMemory<byte>> _records = [];

    public IReadOnlyList<ReadOnlyMemory<byte>> Records => _records;

    public int Capacity => _buffer.Capacity;

    /// <summary>What the records take in a segment file, frame headers included.</summary>
    public long FrameBytes => _buffer.WrittenCount + ((long)_ends.Count * SegmentFormat.FrameHeaderLength);

    /// <summary>Encodes <paramref name="count"/> envelopes starting at <paramref name="start"/>.</summary>
    public void Encode(List<EventEnvelope> envelopes, int start, int count)
    {
        _buffer.ResetWrittenCount();
        _ends.Clear();
        _records.Clear();
        for (var i = start; i < start + count; i++)
        {
            EnvelopeBinaryCodec.Write(_buffer, envelopes[i]);
            _ends.Add(_buffer.WrittenCount);
        }

        // Sliced only once everything is written: the buffer may have moved while growing.
        var written = _buffer.WrittenMemory;
        var from = 0;
        foreach (var end in _ends)
        {
            _records.Add(written[from..end]);
            from = end;
        }
    }
}
