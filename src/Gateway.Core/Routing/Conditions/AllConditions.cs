using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary>A <c>match:</c> block: every condition in it must hold (an empty block matches every event).</summary>
public sealed class AllConditions(IEventCondition[] conditions) : IEventCondition
{
    public bool Matches(EventEnvelope envelope)
    {
        foreach (var condition in conditions)
        {
            if (!condition.Matches(envelope)) return false;
        }

        return true;
    }
}
