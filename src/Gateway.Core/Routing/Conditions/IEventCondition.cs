using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary>One compiled <c>match:</c> condition; evaluated per event, so implementations only compare precompiled data.</summary>
public interface IEventCondition
{
    bool Matches(EventEnvelope envelope);
}
