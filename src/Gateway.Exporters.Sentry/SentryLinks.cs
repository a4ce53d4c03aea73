using Gateway.Envelope;

namespace Gateway.Exporters.Sentry;

/// <summary>
/// How other components point at the Sentry event of an envelope: its event id is the envelope's id
/// (<see cref="EventEnvelope.IdHex"/>), so a link can be built before Sentry has even received the event.
/// </summary>
public static class SentryLinks
{
    public static string EventId(EventEnvelope envelope) => envelope.IdHex;

    /// <summary>
    /// The issue search for the event under an organization's web address, e.g. <c>https://acme.sentry.io</c> or
    /// <c>https://sentry.example.com/organizations/acme</c>: <c>{organizationUrl}/issues/?query={event_id}</c>.
    /// </summary>
    public static string EventUrl(string organizationUrl, EventEnvelope envelope) => EventUrl(organizationUrl, envelope.IdHex);

    public static string EventUrl(string organizationUrl, string eventId)
    {
        if (!Uri.TryCreate(organizationUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"'{organizationUrl}' is not an http(s) URL; expected e.g. https://acme.sentry.io or https://sentry.example.com/organizations/acme", nameof(organizationUrl));
        }

        return $"{organizationUrl.TrimEnd('/')}/issues/?query={eventId}";
    }
}
