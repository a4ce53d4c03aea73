namespace Gateway.Otlp.Wire;

/// <summary>
/// Where the wire decoder is in a request, kept as a few integers (no cost per record) so that a refusal can say
/// which resource, scope or record is broken, in the proto field names a protobuf sender knows.
/// </summary>
internal struct WirePosition
{
    private int _resource;
    private int _scope;
    private int _record;
    private int _depth;

    public static WirePosition Start => new() { _resource = -1 };

    public void EnterResourceLogs()
    {
        _resource++;
        _scope = -1;
        _depth = 1;
    }

    public void EnterScopeLogs()
    {
        _scope++;
        _record = -1;
        _depth = 2;
    }

    public void EnterRecord()
    {
        _record++;
        _depth = 3;
    }

    /// <summary>Back to the enclosing message, after the current one's last field.</summary>
    public void Leave() => _depth--;

    public override readonly string ToString() => _depth switch
    {
        0 => "the request",
        1 => $"resource_logs[{_resource}]",
        2 => $"resource_logs[{_resource}].scope_logs[{_scope}]",
        _ => $"resource_logs[{_resource}].scope_logs[{_scope}].log_records[{_record}]",
    };
}
