using Gateway.Links;

namespace Gateway.Tests.Links;

public sealed class KibanaDiscoverLinkTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Kibana815AndLaterGetTheDataSourceFormWithTheTimeWindowAndAKqlFilter()
    {
        var link = new KibanaDiscoverLink("https://kibana.example.com/", "logs-gateway", legacyIndexParameter: false);

        var url = link.Build("session.id", "sess-1", At, TimeSpan.FromMinutes(15));

        Assert.Equal(
            "https://kibana.example.com/app/discover#/?_g=(time:(from:'2026-11-23T11:45:00.000Z',to:'2026-11-23T12:15:00.000Z'))"
            + "&_a=(dataSource:(dataViewId:'logs-gateway',type:dataView),query:(language:kuery,query:'session.id:%22sess-1%22'))",
            url);
    }

    [Fact]
    public void OlderKibanaGetsTheIndexFormAndABasePathOrSpaceIsKept()
    {
        var link = new KibanaDiscoverLink("https://example.com/kibana/s/ops", "logs-gateway", legacyIndexParameter: true);

        var url = link.Build("trace.id", "4bf92f3577b34da6a3ce929d0e0e4736", At, At.AddMinutes(1));

        Assert.StartsWith("https://example.com/kibana/s/ops/app/discover#/?_g=", url, StringComparison.Ordinal);
        Assert.Contains("&_a=(index:'logs-gateway',query:(language:kuery,query:'trace.id:%224bf92f3577b34da6a3ce929d0e0e4736%22'))", url, StringComparison.Ordinal);
        Assert.DoesNotContain("dataSource", url, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotesBangsSpacesAndUnicodeInAnIdCannotBreakTheRisonOrTheUrl()
    {
        var link = new KibanaDiscoverLink("https://kibana.example.com", "it's!", legacyIndexParameter: false);

        var url = link.Build("session.id", "a'b!c \"d\"\\ #&é😀", At, TimeSpan.FromMinutes(1));

        Assert.Contains("dataViewId:'it!'s!!'", url, StringComparison.Ordinal);

        // KQL escapes " and \ inside the phrase; rison escapes ' and !; the URL percent-encodes the rest.
        Assert.Contains("query:'session.id:%22a!'b!!c%20%5C%22d%5C%22%5C%5C%20%23%26%C3%A9%F0%9F%98%80%22'", url, StringComparison.Ordinal);
        Assert.DoesNotContain(" ", url, StringComparison.Ordinal);
        Assert.Equal(1, url.Count(c => c == '#'));
    }

    [Theory]
    [InlineData("8.15", false)]
    [InlineData("8.17.2", false)]
    [InlineData("9.0", false)]
    [InlineData("8.14.3", true)]
    [InlineData("7.17", true)]
    public void VersionsBefore815UseTheLegacyForm(string version, bool legacy) =>
        Assert.Equal(legacy, KibanaDiscoverLink.IsLegacyVersion(Version.Parse(version)));
}
