namespace Gateway.Envelope;

/// <summary>One attribute: the key exactly as the sender wrote it and its typed value.</summary>
public readonly record struct KeyValue(string Key, AttributeValue Value)
{
    public static KeyValue[] EmptyArray => [];
}
