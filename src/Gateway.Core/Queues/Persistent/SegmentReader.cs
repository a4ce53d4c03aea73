using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Gateway.Queues.Persistent;

/// <summary>
/// The read cursor of a log: hands out records in order across segments, reading ahead in 64KiB blocks (the
/// records a reader wants next are usually still in the page cache). Every frame's checksum is checked again on the
/// way out; damage found now is moved aside like damage found at recovery. Callers serialise access.
/// </summary>
/// <param name="start">Null when the log has no segment yet (it opened on a full disk): reading begins with the first one made.</param>
internal sealed class SegmentReader(SegmentChain chain, Segment? start, long startOffset, CorruptRecordQuarantine quarantine) : IDisposable
{
    private const int ReadAheadBytes = 64 * 1024;

    private Segment? _segment = start;
    private long _offset = startOffset;
    private SafeFileHandle? _handle;
    private byte[] _buffer = new byte[ReadAheadBytes];
    private long _bufferStart;
    private int _bufferLength;

    /// <summary>Where the next record is read; before the first segment exists, a position before every record.</summary>
    public LogPosition Position => _segment is null ? default : new(_segment.Sequence, _offset);

    /// <summary>Damaged records met while reading (not at recovery); they will never be delivered.</summary>
    public long CorruptSkipped { get; private set; }

    /// <summary>True when <see cref="TryRead"/> has something to look at (it may still find only damage).</summary>
    public bool HasUnread()
    {
        if (_segment is null) return chain.First is not null;
        var (visible, isSealed) = chain.Extent(_segment);
        return _offset < visible || (isSealed && chain.Next(_segment) is not null);
    }

    public bool TryRead(out LogRecord record)
    {
        if (_segment is null)
        {
            if (chain.First is not { } first)
            {
                record = default;
                return false;
            }

            MoveTo(first);
        }

        while (true)
        {
            var (visible, isSealed) = chain.Extent(_segment);
            if (_offset >= visible)
            {
                if (!isSealed || chain.Next(_segment) is not { } next)
                {
                    record = default;
                    return false;
                }

                MoveTo(next);
                continue;
            }

            if (chain.CorruptAt(_segment, _offset) is { } known)
            {
                _offset = known.End;
                continue;
            }

            var header = Buffered(_offset, SegmentFormat.FrameHeaderLength, visible);
            if (header.Length >= SegmentFormat.FrameHeaderLength)
            {
                var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
                if (length is > 0 and <= SegmentFormat.MaxRecordBytes && length <= visible - _offset - SegmentFormat.FrameHeaderLength)
                {
                    var frame = Buffered(_offset, SegmentFormat.FrameLength((int)length), visible);
                    if (SegmentFormat.Check(frame, out var payloadLength) == FrameCheck.Valid)
                    {
                        record = new LogRecord(Position, frame.Slice(SegmentFormat.FrameHeaderLength, payloadLength).ToArray());
                        _offset += SegmentFormat.FrameLength(payloadLength);
                        return true;
                    }
                }
            }

            StepOverDamage(visible);
        }
    }

    /// <summary>
    /// Lets go of the file of a segment that was deleted: an open handle would keep its blocks allocated, and on a full
    /// disk those are the room the log is waiting for. A removed segment is read to its end, so it is never read again.
    /// </summary>
    public void Release(List<Segment> removed)
    {
        if (_segment is null || !removed.Contains(_segment)) return;
        _handle?.Dispose();
        _handle = null;
        _bufferStart = 0;
        _bufferLength = 0;
    }

    public void Dispose() => _handle?.Dispose();

    /// <summary>Finds where the damage at the cursor ends (the next intact frame, else the visible end) and steps over it.</summary>
    private void StepOverDamage(long visible)
    {
        var bytes = new byte[visible - _offset];
        SegmentRecovery.ReadFully(Handle(), bytes, _offset);
        var scan = SegmentScanner.Scan(bytes, 0, long.MaxValue);
        var range = scan.Corrupt.Count > 0 && scan.Corrupt[0].Offset == 0
            ? scan.Corrupt[0] with { Offset = _offset }
            : new CorruptRange(_offset, visible - _offset, "damaged frame with no intact record after it");
        quarantine.MoveAside(_segment!.Path, bytes.AsSpan(0, (int)range.Length), range);
        chain.AddCorrupt(_segment, range);
        CorruptSkipped++;
    }

    /// <summary>The bytes from <paramref name="offset"/>: at least <paramref name="count"/> of them unless the visible end comes first.</summary>
    private ReadOnlySpan<byte> Buffered(long offset, int count, long visible)
    {
        var wanted = (int)Math.Min(count, visible - offset);
        if (offset < _bufferStart || offset + wanted > _bufferStart + _bufferLength)
        {
            if (wanted > _buffer.Length) _buffer = new byte[Math.Max(wanted, _buffer.Length * 2)];
            var length = (int)Math.Min(_buffer.Length, visible - offset);
            SegmentRecovery.ReadFully(Handle(), _buffer.AsSpan(0, length), offset);
            _bufferStart = offset;
            _bufferLength = length;
        }

        return _buffer.AsSpan((int)(offset - _bufferStart), (int)Math.Min(_bufferLength - (offset - _bufferStart), visible - offset));
    }

    private SafeFileHandle Handle() => _handle ??= File.OpenHandle(_segment!.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_segment))]
    private void MoveTo(Segment next)
    {
        _handle?.Dispose();
        _handle = null;
        _segment = next;
        _offset = SegmentFormat.HeaderLength;
        _bufferStart = 0;
        _bufferLength = 0;
    }
}
