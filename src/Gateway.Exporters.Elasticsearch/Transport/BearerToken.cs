using Elastic.Transport;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// <c>Authorization: Bearer …</c> (a token from <c>_security/oauth2/token</c> or a service account token). Elastic.Transport
/// ships API key and basic credentials only, so this one scheme is ours.
/// </summary>
public sealed class BearerToken(string token) : Elastic.Transport.AuthorizationHeader
{
    public override string AuthScheme => "Bearer";

    public override bool TryGetAuthorizationParameters(out string value)
    {
        value = token;
        return true;
    }
}
