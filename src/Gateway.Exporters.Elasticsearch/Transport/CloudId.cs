using System.Text;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// An Elastic Cloud id, <c>deployment-name:base64(host[:port]$elasticsearch-uuid$kibana-uuid)</c>, turned into the
/// deployment's Elasticsearch URL <c>https://{elasticsearch-uuid}.{host}:{port}</c> (port 443 unless given).
/// </summary>
public static class CloudId
{
    private const string Example = "write the Cloud ID shown on the deployment's page, e.g. my-deployment:ZXUtd2VzdC0xLmF3cy5jbG91ZC5lcy5pbyRhYmMxMjMkZGVmNDU2";

    public static bool TryParse(string cloudId, out Uri? elasticsearch, out string? error)
    {
        elasticsearch = null;
        error = null;
        var colon = cloudId.IndexOf(':', StringComparison.Ordinal);
        var encoded = colon >= 0 ? cloudId[(colon + 1)..] : cloudId;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            error = $"'{cloudId}' is not a Cloud ID (the part after ':' is not base64); {Example}";
            return false;
        }

        var parts = decoded.Split('$');
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            error = $"'{cloudId}' is not a Cloud ID (expected host$elasticsearch-id$kibana-id inside); {Example}";
            return false;
        }

        var (host, port) = SplitPort(parts[0].TrimEnd('/'));
        var (clusterId, clusterPort) = SplitPort(parts[1]);
        if (!Uri.TryCreate($"https://{clusterId}.{host}:{clusterPort ?? port ?? "443"}", UriKind.Absolute, out elasticsearch))
        {
            error = $"'{cloudId}' does not name a usable host; {Example}";
            return false;
        }

        return true;
    }

    private static (string Host, string? Port) SplitPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 ? (text[..colon], text[(colon + 1)..]) : (text, null);
    }
}
