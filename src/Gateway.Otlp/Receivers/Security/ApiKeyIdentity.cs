namespace Gateway.Otlp.Receivers.Security;

/// <summary>Who a request authenticated as: the key's name and the scope its envelopes are stamped with.</summary>
public sealed record ApiKeyIdentity(string Name, string? ScopeType, string? ScopeId);
