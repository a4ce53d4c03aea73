namespace Gateway.Queues.Persistent;

/// <summary>
/// Records handed to readers and not yet acknowledged, in log order. Several workers acknowledge out of order; the
/// oldest unacknowledged position is the watermark below which everything may be forgotten.
/// A ring buffer with binary search: no allocation per record once it has grown to the in-flight high-water mark.
/// </summary>
internal sealed class InFlightWindow
{
    private LogPosition[] _positions = new LogPosition[256];
    private bool[] _acked = new bool[256];
    private int _head;
    private int _count;

    public int Count => _count;

    public LogPosition Oldest => _positions[_head];

    public void Add(LogPosition position)
    {
        if (_count == _positions.Length) Grow();
        var at = (_head + _count) % _positions.Length;
        _positions[at] = position;
        _acked[at] = false;
        _count++;
    }

    /// <summary>Marks the record acknowledged; false if it is not in flight (already acknowledged, or from before a restart).</summary>
    public bool Acknowledge(LogPosition position)
    {
        var low = 0;
        var high = _count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var at = (_head + middle) % _positions.Length;
            var order = _positions[at].CompareTo(position);
            if (order == 0)
            {
                if (_acked[at]) return false;
                _acked[at] = true;
                DropAcknowledgedHead();
                return true;
            }

            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }

        return false;
    }

    private void DropAcknowledgedHead()
    {
        while (_count > 0 && _acked[_head])
        {
            _head = (_head + 1) % _positions.Length;
            _count--;
        }
    }

    private void Grow()
    {
        var positions = new LogPosition[_positions.Length * 2];
        var acked = new bool[positions.Length];
        for (var i = 0; i < _count; i++)
        {
            positions[i] = _positions[(_head + i) % _positions.Length];
            acked[i] = _acked[(_head + i) % _positions.Length];
        }

        _positions = positions;
        _acked = acked;
        _head = 0;
    }
}
