using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary><c>name:</c>, <c>service:</c>, <c>environment:</c>, <c>actor.type:</c>, <c>scope.id:</c> ...: a glob or list of globs on one field.</summary>
public sealed class FieldGlobCondition(EnvelopeField field, GlobSet globs) : IEventCondition
{
    public bool Matches(EventEnvelope envelope) => globs.IsMatch(field switch
    {
        EnvelopeField.Name => envelope.Name,
        EnvelopeField.Service => envelope.Service,
        EnvelopeField.Environment => envelope.Environment,
        EnvelopeField.ActorType => envelope.Actor?.Type,
        EnvelopeField.ActorId => envelope.Actor?.Id,
        EnvelopeField.ScopeType => envelope.Scope?.Type,
        _ => envelope.Scope?.Id,
    });
}
