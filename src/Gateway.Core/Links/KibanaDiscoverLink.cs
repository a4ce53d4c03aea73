using System.Globalization;
using System.Text;

namespace Gateway.Links;

/// <summary>
/// Builds a Kibana Discover URL that shows the events of one session or trace in a window around a moment.
/// Kibana 8.15+ names the data view with <c>dataSource:(dataViewId:..,type:dataView)</c>; older versions with <c>index:..</c>.
/// Values are rison-quoted and then percent-encoded, so ids with quotes, spaces or <c>!</c> cannot break the URL.
/// </summary>
public sealed class KibanaDiscoverLink
{
    private readonly string _discoverBase;
    private readonly string _dataViewId;
    private readonly bool _legacyIndexParameter;

    /// <param name="kibanaUrl">Kibana's base URL, with any base path or space, e.g. https://kibana.example.com/s/ops.</param>
    /// <param name="dataViewId">The id (not the title) of the data view to open.</param>
    /// <param name="legacyIndexParameter">True for Kibana before 8.15, which reads <c>index:</c> instead of <c>dataSource:</c>.</param>
    public KibanaDiscoverLink(string kibanaUrl, string dataViewId, bool legacyIndexParameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kibanaUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataViewId);
        _discoverBase = kibanaUrl.TrimEnd('/') + "/app/discover#/?";
        _dataViewId = dataViewId;
        _legacyIndexParameter = legacyIndexParameter;
    }

    /// <summary>The first Kibana version whose Discover reads <c>dataSource</c>.</summary>
    public static readonly Version DataSourceSince = new(8, 15);

    /// <summary>True when a version string such as "8.11" or "7.17.3" predates <see cref="DataSourceSince"/>.</summary>
    public static bool IsLegacyVersion(Version version) => version < DataSourceSince;

    /// <summary>Discover filtered to <paramref name="field"/> equal to <paramref name="value"/> between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public string Build(string field, string value, DateTimeOffset from, DateTimeOffset to)
    {
        var url = new StringBuilder(_discoverBase, _discoverBase.Length + 256);
        url.Append("_g=(time:(from:");
        AppendRisonString(url, FormatTime(from));
        url.Append(",to:");
        AppendRisonString(url, FormatTime(to));
        url.Append("))&_a=(");
        if (_legacyIndexParameter)
        {
            url.Append("index:");
            AppendRisonString(url, _dataViewId);
        }
        else
        {
            url.Append("dataSource:(dataViewId:");
            AppendRisonString(url, _dataViewId);
            url.Append(",type:dataView)");
        }

        url.Append(",query:(language:kuery,query:");
        AppendRisonString(url, KqlEquals(field, value));
        url.Append("))");
        return url.ToString();
    }

    /// <summary>Discover for the window <paramref name="around"/> ± <paramref name="halfWindow"/>.</summary>
    public string Build(string field, string value, DateTimeOffset around, TimeSpan halfWindow) =>
        Build(field, value, around - halfWindow, around + halfWindow);

    /// <summary>A KQL phrase match; inside double quotes only backslash and the quote itself need escaping.</summary>
    internal static string KqlEquals(string field, string value)
    {
        var query = new StringBuilder(field.Length + value.Length + 4);
        query.Append(field).Append(":\"");
        foreach (var c in value)
        {
            if (c is '\\' or '"') query.Append('\\');
            query.Append(c);
        }

        return query.Append('"').ToString();
    }

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Rison string: quoted with <c>'</c>, where <c>!</c> escapes <c>!</c> and <c>'</c>. The result is then percent-encoded
    /// except for the characters rison itself uses, as Kibana writes its own links.
    /// </summary>
    internal static void AppendRisonString(StringBuilder url, string value)
    {
        url.Append('\'');
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '!' or '\'') url.Append('!').Append(c);
            else if (IsKeptAsIs(c)) url.Append(c);
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                    ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
                foreach (var b in utf8[..length]) url.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        url.Append('\'');
    }

    private static bool IsKeptAsIs(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or ':' or '@' or '*' or '(' or ')' or ',' or '/' or '$';
}
