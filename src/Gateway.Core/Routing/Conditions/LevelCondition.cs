using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary><c>level:</c> compiled to a set of levels (bit per level), so <c>">=warn"</c> and lists are one mask test.</summary>
public sealed class LevelCondition(int levelMask) : IEventCondition
{
    public int LevelMask { get; } = levelMask;

    public bool Matches(EventEnvelope envelope) => (LevelMask & (1 << (int)envelope.Level)) != 0;
}
