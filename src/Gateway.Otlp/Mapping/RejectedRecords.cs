using System.Text;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// Records dropped as invalid within one request, for the response's partial_success. Only the first few reasons are
/// spelled out so a request full of bad records cannot produce an unbounded error message.
/// </summary>
public sealed class RejectedRecords
{
    private const int MaxReasons = 5;
    private StringBuilder? _message;
    private int _reasons;

    public long Count { get; private set; }

    public string ErrorMessage => _message is null ? string.Empty : _reasons < Count ? $"{_message}; and {Count - _reasons} more" : _message.ToString();

    public void Add(int index, string reason)
    {
        Count++;
        if (_reasons >= MaxReasons) return;
        _message ??= new StringBuilder();
        if (_reasons > 0) _message.Append("; ");
        _message.Append("log record ").Append(index).Append(": ").Append(reason);
        _reasons++;
    }
}
