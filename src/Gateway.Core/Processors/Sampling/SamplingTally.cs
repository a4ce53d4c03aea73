namespace Gateway.Processors.Sampling;

/// <summary>What one batch did, added to the counters once at its end.</summary>
public struct SamplingTally
{
    public LevelCounts Kept;
    public LevelCounts SampledOut;
    public LevelCounts Rescued;
    public long EvictedForSessions;
    public long EvictedForEvents;
}
