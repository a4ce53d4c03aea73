namespace Gateway.Routing.Conditions;

/// <summary>The envelope text fields a glob condition can test.</summary>
public enum EnvelopeField : byte
{
    Name,
    Service,
    Environment,
    ActorType,
    ActorId,
    ScopeType,
    ScopeId,
}
