using Gateway.Testing.Elasticsearch;

namespace Gateway.IntegrationTests.Durability;

/// <summary>The configuration every durability test runs: OTLP/HTTP in, Elasticsearch behind a persistent queue, fast retries.</summary>
internal static class DurableGatewayYaml
{
    public static string For(ElasticsearchDouble elasticsearch, string queueDir, string deadLetterPath, int queueSize = 10_000, string shutdownTimeout = "500ms", string fsync = "always") => $$"""
        receivers:
          otlp:
            protocols:
              http:
                endpoint: 127.0.0.1:0
              grpc:
                endpoint: 127.0.0.1:0
        exporters:
          elasticsearch:
            endpoints: [{{elasticsearch.Address.ToString().TrimEnd('/')}}]
            batch: { max_size: 200, max_wait: 20ms }
            retry: { initial_interval: 50ms, max_interval: 200ms }
            queue: { type: persistent, dir: "{{queueDir}}", size: {{queueSize}}, fsync: {{fsync}} }
        routes:
          - name: everything
            exporters: [elasticsearch]
        service:
          shutdown_timeout: {{shutdownTimeout}}
          dead_letter: { path: "{{deadLetterPath}}" }
          telemetry: { endpoint: 127.0.0.1:0 }
        """;

    /// <summary>Every document's message, as Elasticsearch holds it (a duplicate would show up twice).</summary>
    public static List<string> IndexedMessages(ElasticsearchDouble elasticsearch) => elasticsearch.Documents.Select(d => d.Text("message") ?? "").ToList();
}
