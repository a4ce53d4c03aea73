using Gateway.Envelope;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Exporters.Elasticsearch.Targets;
using Gateway.Exporters.Elasticsearch.Transport;
using Gateway.Testing;

namespace Gateway.Tests.Elasticsearch;

public sealed class TargetTests
{
    [Theory]
    [InlineData("production", "production")]
    [InlineData("Prod-EU", "prod_eu")]
    [InlineData("a/b\\c*d?e\"f<g>h|i j,k#l:m", "a_b_c_d_e_f_g_h_i_j_k_l_m")]
    [InlineData("", "default")]
    [InlineData(".", "default")]
    public void NamespacesAreSanitisedToWhatElasticsearchAccepts(string environment, string expected)
    {
        Assert.Equal(expected, DataStreamNamePart.Sanitize(environment, "default"));
    }

    [Fact]
    public void ANamespaceIsCutAt100BytesWithoutSplittingACharacter()
    {
        var sanitized = DataStreamNamePart.Sanitize(new string('é', 80), "default")!;

        Assert.Equal(50, sanitized.Length);
        Assert.Equal(100, System.Text.Encoding.UTF8.GetByteCount(sanitized));
    }

    [Fact]
    public void EventsChooseTheirDatasetAndNamespaceThroughAttributes()
    {
        var targets = new DocumentTargets(ExporterUnderTest.DefaultOptions(new Uri("http://localhost:9200")));
        var chosen = Some.Envelope(attributes:
        [
            new KeyValue("data_stream.dataset", AttributeValue.FromString("Billing")),
            new KeyValue("data_stream.namespace", AttributeValue.FromString("team-a")),
        ]);

        Assert.Equal("logs-billing-team_a", targets.For(chosen).Index);
        Assert.Equal("logs-gateway-production", targets.For(Some.Envelope()).Index);
        Assert.Equal("logs-gateway-default", targets.For(Some.Envelope(environment: null)).Index);
        Assert.Same(targets.For(Some.Envelope()), targets.For(Some.Envelope()));
    }

    [Fact]
    public void AConfiguredNamespaceWinsOverTheEnvironment()
    {
        var options = ExporterUnderTest.DefaultOptions(new Uri("http://localhost:9200"));
        options.DataStream.Namespace = "shared";
        options.DataStream.Dataset = "shop";

        Assert.Equal("logs-shop-shared", new DocumentTargets(options).For(Some.Envelope()).Index);
    }

    [Fact]
    public void ADatedIndexUsesTheEventsUtcTime()
    {
        var options = ExporterUnderTest.DefaultOptions(new Uri("http://localhost:9200"));
        options.Index = "gateway-%{+yyyy.MM.dd.HH}-v1";
        var late = new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

        var target = new DocumentTargets(options).For(Some.Envelope(timeUnixNano: late));

        Assert.Equal("gateway-2026.12.31.23-v1", target.Index);
        Assert.False(target.IsDataStream);
    }

    [Theory]
    [InlineData("my-deployment:dXMtZWFzdC0xLmF3cy5mb3VuZC5pbyRjZWM2ZjI2MWE3NGJmMjRjZTMzYmI4ODExYjg0Mjk0ZiRjNmMyY2E2ZDA0MjI0OWFmMGNjN2Q3YTllOTYyNTc0Mw==", "https://cec6f261a74bf24ce33bb8811b84294f.us-east-1.aws.found.io/")]
    [InlineData("dev:bG9jYWxob3N0OjkyNDMkZXNpZCRrYmlk", "https://esid.localhost:9243/")]
    public void ACloudIdNamesItsElasticsearchUrl(string cloudId, string expected)
    {
        var options = new ElasticsearchExporterOptions { CloudId = cloudId, ApiKey = "id:key" };

        var pool = ElasticsearchTransportFactory.CreateNodePool(options);

        Assert.Null(ElasticsearchTransportFactory.CloudIdError(cloudId));
        Assert.Equal(expected, Assert.Single(pool.Nodes).Uri.ToString());
    }
}
