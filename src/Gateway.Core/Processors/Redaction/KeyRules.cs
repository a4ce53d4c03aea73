namespace Gateway.Processors.Redaction;

/// <summary>The compiled key rules: ignored keys win, then blocked keys, then (in allow-list mode) keys not allowed.</summary>
public sealed class KeyRules
{
    private readonly KeySet _blocked;
    private readonly KeySet _allowed;
    private readonly KeySet _ignored;

    public KeyRules(RedactionOptions options)
    {
        var blocked = new List<string>(options.BlockedKeys);
        if (options.DefaultBlockedKeys) blocked.AddRange(DefaultBlockedKeys.All);
        _blocked = new KeySet(blocked);
        _allowed = new KeySet(options.AllowedKeys);
        _ignored = new KeySet(options.IgnoredKeys);
        Action = options.KeyAction;
    }

    public RedactionAction Action { get; }

    public bool AllowListMode => !_allowed.IsEmpty;

    public KeyVerdict Classify(string key)
    {
        if (_ignored.Contains(key)) return KeyVerdict.Ignore;
        if (Action == RedactionAction.Off) return KeyVerdict.Inspect;
        if (_blocked.Contains(key)) return KeyVerdict.Blocked;
        if (AllowListMode && !_allowed.Contains(key)) return KeyVerdict.NotAllowed;
        return KeyVerdict.Inspect;
    }
}
