namespace Gateway.Envelope;

/// <summary>The five levels every exporter understands; ordered so that comparisons like ">= warn" are integer compares.</summary>
public enum EventLevel : byte
{
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
    Fatal = 5,
}
