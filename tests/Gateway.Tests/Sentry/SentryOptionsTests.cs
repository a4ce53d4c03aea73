using Gateway.Configuration;
using Gateway.Exporters.Sentry;
using YamlDotNet.RepresentationModel;

namespace Gateway.Tests.Sentry;

public sealed class SentryOptionsTests
{
    [Fact]
    public void AWholeSentryBlockBindsFromYaml()
    {
        var (options, errors) = Bind("""
            dsn: https://abc123@o1.ingest.sentry.io/4501
            dsn_by_service:
              payments-*: https://def456@o1.ingest.sentry.io/4502
            environment: staging
            in_app_include: [Shop.]
            tag_attributes: [http.route]
            fingerprint: ["{service}", "{message}"]
            timeout: 3s
            """);

        Assert.Empty(errors);
        Assert.Equal("https://def456@o1.ingest.sentry.io/4502", options.DsnByService["payments-*"]);
        Assert.Equal(["Shop."], options.InAppInclude);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
    }

    [Theory]
    [InlineData("dsn: https://o1.ingest.sentry.io/4501", "no public key")]
    [InlineData("dsn: https://abc@o1.ingest.sentry.io/", "numeric project id")]
    [InlineData("dsn: sentry.io/4501", "not an http(s) URL")]
    [InlineData("dsn_by_service: { 'pay*': 'https://k@h/x' }", "'pay*'")]
    [InlineData("environment: prod", "needs 'dsn' or 'dsn_by_service'")]
    public void AMalformedOrMissingDsnNamesTheExpectedForm(string yaml, string expected)
    {
        var (_, errors) = Bind(yaml);

        var error = Assert.Single(errors);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("https://<public_key>@<host>/<project_id>", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyIsNeverEchoedInAnError()
    {
        var (_, errors) = Bind("dsn: https://supersecretkey@o1.ingest.sentry.io/notanumber");

        Assert.DoesNotContain("supersecretkey", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fingerprint: ['{sevice}']", "unknown placeholder")]
    [InlineData("fingerprint: []", "at least one entry")]
    [InlineData("timeout: 0s", "between 1ms and 5m")]
    [InlineData("tag_attributes: ['']", "attribute key")]
    public void OtherBadValuesSayWhatToWriteInstead(string yaml, string expected)
    {
        var (_, errors) = Bind("dsn: https://abc@o1.ingest.sentry.io/1\n" + yaml);

        Assert.Contains(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    private static (SentryExporterOptions Options, List<string> Errors) Bind(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var errors = new ConfigErrors("gateway.yaml");
        var options = new SentryExporterFactory().CreateDefaultOptions();
        new YamlBinder(errors, _ => null).BindObject(stream.Documents[0].RootNode, options, "exporters.sentry");
        return (options, [.. errors.All.Select(e => e.Message)]);
    }
}
