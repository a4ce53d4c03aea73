namespace Gateway.Envelope;

/// <summary>
/// The parts of an envelope that every envelope of one resource and scope carries by reference: the resource
/// attributes and the service, environment, version and scope strings. The held form of
/// <see cref="EnvelopeBinaryCodec"/> leaves them out and its holder keeps one of these per run of envelopes that
/// share them, instead of a copy per event.
/// </summary>
public sealed class EnvelopeSharedParts
{
    private EnvelopeSharedParts(EventEnvelope envelope)
    {
        Resource = envelope.Resource;
        Service = envelope.Service;
        Environment = envelope.Environment;
        Version = envelope.Version;
        ScopeName = envelope.ScopeName;
        ScopeVersion = envelope.ScopeVersion;
    }

    public KeyValue[] Resource { get; }

    public string Service { get; }

    public string? Environment { get; }

    public string? Version { get; }

    public string? ScopeName { get; }

    public string? ScopeVersion { get; }

    /// <summary>
    /// <paramref name="previous"/> when the envelope shares its parts (the same resource array, equal strings), as
    /// consecutive envelopes of one request do; else new parts taken from the envelope.
    /// </summary>
    public static EnvelopeSharedParts Of(EventEnvelope envelope, EnvelopeSharedParts? previous) =>
        previous is not null && previous.AreSharedBy(envelope) ? previous : new EnvelopeSharedParts(envelope);

    private bool AreSharedBy(EventEnvelope envelope) =>
        ReferenceEquals(Resource, envelope.Resource)
        && string.Equals(Service, envelope.Service, StringComparison.Ordinal)
        && string.Equals(Environment, envelope.Environment, StringComparison.Ordinal)
        && string.Equals(Version, envelope.Version, StringComparison.Ordinal)
        && string.Equals(ScopeName, envelope.ScopeName, StringComparison.Ordinal)
        && string.Equals(ScopeVersion, envelope.ScopeVersion, StringComparison.Ordinal);
}
