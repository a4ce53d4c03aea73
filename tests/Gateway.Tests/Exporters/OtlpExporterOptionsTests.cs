using Gateway.Configuration;
using Gateway.Exporters.Otlp;
using Gateway.Exporters.Otlp.Configuration;
using Gateway.Exporters.Otlp.Transport;

namespace Gateway.Tests.Exporters;

public sealed class OtlpExporterOptionsTests
{
    [Fact]
    public void TheCollectorsKeysBindWithItsDefaults()
    {
        var grpc = (OtlpGrpcExporterOptions)Load("otlp", "    endpoint: collector:4317\n");
        var http = (OtlpHttpExporterOptions)Load("otlp_http", "    endpoint: https://collector:4318/\n    headers: { x-api-key: k }\n    compression: zstd\n    encoding: json\n    timeout: 2s\n");

        Assert.Equal(OtlpCompression.Gzip, grpc.Compression);
        Assert.Equal(TimeSpan.FromSeconds(5), grpc.Timeout);
        Assert.Equal(new Uri("https://collector:4317"), OtlpGrpcTransport.AddressOf(grpc));
        Assert.Equal(new Uri("https://collector:4318/v1/logs"), http.LogsUri);
        Assert.Equal(OtlpCompression.Zstd, http.Compression);
        Assert.Equal(OtlpHttpEncoding.Json, http.Encoding);
        Assert.Equal("k", http.Headers["x-api-key"]);
        Assert.Equal(TimeSpan.FromSeconds(2), http.Timeout);
    }

    [Theory]
    [InlineData("collector:4317", true, "http://collector:4317/")]
    [InlineData("http://collector:4317", false, "http://collector:4317/")]
    [InlineData("https://collector:4317", true, "https://collector:4317/")]
    public void AGrpcEndpointWithoutASchemeIsTlsUnlessInsecureAsInTheCollector(string endpoint, bool insecure, string expected)
    {
        var options = (OtlpGrpcExporterOptions)Load("otlp", $"    endpoint: {endpoint}\n    tls: {{ insecure: {(insecure ? "true" : "false")} }}\n");
        Assert.Equal(new Uri(expected), OtlpGrpcTransport.AddressOf(options));
    }

    [Fact]
    public void ALogsEndpointIsUsedAsWritten()
    {
        var options = (OtlpHttpExporterOptions)Load("otlp_http", "    logs_endpoint: https://vendor.example/api/otlp/logs\n");
        Assert.Equal(new Uri("https://vendor.example/api/otlp/logs"), options.LogsUri);
    }

    [Theory]
    [InlineData("otlp", "    compression: gzip\n", "exporters.otlp.endpoint: is required")]
    [InlineData("otlp_http", "    endpoint: collector:4318\n", "is not an http:// or https:// URL")]
    [InlineData("otlp", "    endpoint: c:4317\n    headers: { content-type: x }\n", "'content-type' is set by the exporter")]
    [InlineData("otlp", "    endpoint: c:4317\n    headers: { \"bad header\": x }\n", "'bad header' is not a valid header name")]
    [InlineData("otlp", "    endpoint: c:4317\n    compression: snappy\n", "compression")]
    [InlineData("otlp", "    endpoint: c:4317\n    tls: { ca_file: ./missing-ca.pem }\n", "file './missing-ca.pem' not found")]
    [InlineData("otlp", "    endpoint: c:4317\n    tls: { cert_file: ./missing.pem }\n", "cert_file and key_file go together")]
    [InlineData("otlp", "    endpoint: c:4317\n    timeout: 0s\n", "timeout: must be between")]
    public void MistakesAreReportedWithTheKeyAndWhatToWrite(string type, string yaml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Load(type, yaml));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static Gateway.Exporters.ExporterOptions Load(string type, string exporterYaml)
    {
        var catalog = new ComponentCatalog().Add(new OtlpGrpcExporterFactory()).Add(new OtlpHttpExporterFactory());
        return new GatewayConfigLoader(catalog, _ => null).Load($"exporters:\n  {type}:\n" + exporterYaml, "gateway.yaml").Exporters.Values.Single();
    }
}
