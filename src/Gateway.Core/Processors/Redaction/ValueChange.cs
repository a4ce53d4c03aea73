namespace Gateway.Processors.Redaction;

/// <summary>What redaction did to one value, so the caller knows whether to copy, replace or leave out the entry.</summary>
public enum ValueChange
{
    None,
    Replaced,
    Dropped,
}
