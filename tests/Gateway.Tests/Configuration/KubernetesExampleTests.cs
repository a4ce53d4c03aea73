using System.Globalization;
using Gateway.Configuration;
using Gateway.Exporters.Otlp.LoadBalancing;
using Gateway.Host.Hosting;
using Gateway.Processors.Redaction;
using Gateway.Processors.Sampling;
using Gateway.Testing;
using YamlDotNet.RepresentationModel;

namespace Gateway.Tests.Configuration;

/// <summary>
/// examples/kubernetes cannot run without a cluster, so it is checked: the gateway configs in its ConfigMaps load
/// with the real catalog, and the manifests fit them (tier 1 resolves the tier-2 headless Service's name, the ports,
/// mounts and probes are the ones the configs and the image use).
/// </summary>
public sealed class KubernetesExampleTests
{
    private const string Folder = "examples/kubernetes";
    private const string ImageConfigDirectory = "/etc/gateway"; // the Dockerfile's ENTRYPOINT reads /etc/gateway/gateway.yaml

    private static readonly List<(string File, YamlMappingNode Document)> Documents = Load();

    [Fact]
    public void EveryGatewayConfigInTheManifestsLoads()
    {
        var configs = GatewayConfigs();

        Assert.Equal(["gateway-tier1", "gateway-tier2"], configs.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TierOneSpreadsSessionsOverEveryPodTheTierTwoHeadlessServiceResolvesTo()
    {
        var tier1 = Assert.Single(GatewayConfigs()["gateway-tier1"].Exporters.Values.OfType<LoadBalancingExporterOptions>());
        var dns = Assert.IsType<DnsResolverOptions>(tier1.Resolver.Dns);
        var service = Single("Service", "gateway-tier2");
        var deployment = Single("Deployment", "gateway-tier2");

        Assert.Equal(RoutingKey.Session, tier1.RoutingKey);
        Assert.Equal("None", Text(service, "spec", "clusterIP"));
        Assert.Equal($"gateway-tier2.{Text(service, "metadata", "namespace")}.svc.cluster.local", dns.Hostname);
        Assert.Equal(Labels(Node(deployment, "spec", "template", "metadata", "labels")), Labels(Node(service, "spec", "selector")));
        var port = Assert.Single(((YamlSequenceNode)Node(service, "spec", "ports")).Children.Cast<YamlMappingNode>());
        Assert.Equal(dns.Port.ToString(CultureInfo.InvariantCulture), Text(port, "port"));
        Assert.Equal(OwnPort(GatewayConfigs()["gateway-tier2"], "grpc"), ContainerPorts(deployment)[Text(port, "targetPort")]);
    }

    [Fact]
    public void TierTwoSamplesKeepingErroringSessionsRedactsAndExports()
    {
        var tier2 = GatewayConfigs()["gateway-tier2"];

        Assert.NotNull(Assert.Single(tier2.Processors.Values.OfType<SamplingOptions>()).KeepSessionOnError);
        Assert.Single(tier2.Processors.Values.OfType<RedactionOptions>());
        Assert.NotEmpty(tier2.Exporters);
    }

    [Theory]
    [InlineData("gateway-tier1")]
    [InlineData("gateway-tier2")]
    public void EachDeploymentMountsItsConfigWhereTheImageReadsItAndProbesItsTelemetryPort(string name)
    {
        var deployment = Single("Deployment", name);
        var pod = (YamlMappingNode)Node(deployment, "spec", "template", "spec");
        var container = Assert.Single(((YamlSequenceNode)Node(pod, "containers")).Children.Cast<YamlMappingNode>());
        var config = GatewayConfigs()[name];
        var ports = ContainerPorts(deployment);

        var configVolume = ((YamlSequenceNode)Node(pod, "volumes")).Children.Cast<YamlMappingNode>().Single(v => v.Children.ContainsKey("configMap"));
        Assert.Equal(name, Text(configVolume, "configMap", "name"));
        var mount = ((YamlSequenceNode)Node(container, "volumeMounts")).Children.Cast<YamlMappingNode>().Single(m => Text(m, "name") == Text(configVolume, "name"));
        Assert.Equal(ImageConfigDirectory, Text(mount, "mountPath"));
        Assert.False(container.Children.ContainsKey("args"), "args would be appended to the image's run --config and refused");

        foreach (var (key, endpoint) in ConfiguredListeners.Of(config))
        {
            Assert.StartsWith("0.0.0.0:", endpoint, StringComparison.Ordinal); // probes and peers reach the pod's address
            Assert.Contains(PortOf(endpoint), ports.Values);
        }

        Assert.Equal("/readyz", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(PortOf(config.Service.Telemetry.Endpoint), ports[Text(container, "readinessProbe", "httpGet", "port")]);
        Assert.True(int.Parse(Text(pod, "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture) > config.Service.ShutdownTimeout.TotalSeconds, "the pod is killed only after the gateway's drain");
    }

    private static Dictionary<string, GatewayConfig> GatewayConfigs()
    {
        var loader = new GatewayConfigLoader(GatewayCatalog.Create(), ShippedConfigs.Lookup);
        var configs = new Dictionary<string, GatewayConfig>(StringComparer.Ordinal);
        foreach (var (file, document) in Documents)
        {
            if (Text(document, "kind") != "ConfigMap") continue;
            var name = Text(document, "metadata", "name");
            configs.Add(name, loader.Load(Text(document, "data", "gateway.yaml"), $"{file} (ConfigMap {name})"));
        }

        return configs;
    }

    private static YamlMappingNode Single(string kind, string name) =>
        Assert.Single(Documents, d => Text(d.Document, "kind") == kind && Text(d.Document, "metadata", "name") == name).Document;

    private static Dictionary<string, int> ContainerPorts(YamlMappingNode deployment)
    {
        var container = ((YamlSequenceNode)Node(deployment, "spec", "template", "spec", "containers")).Children.Cast<YamlMappingNode>().Single();
        return ((YamlSequenceNode)Node(container, "ports")).Children.Cast<YamlMappingNode>()
            .ToDictionary(p => Text(p, "name"), p => int.Parse(Text(p, "containerPort"), CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    private static int OwnPort(GatewayConfig config, string protocol) =>
        PortOf(ConfiguredListeners.Of(config).Single(l => l.Key.EndsWith($".protocols.{protocol}.endpoint", StringComparison.Ordinal)).Endpoint);

    private static int PortOf(string endpoint) => int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    private static string Labels(YamlNode mapping) =>
        string.Join(",", ((YamlMappingNode)mapping).Children.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));

    private static YamlNode Node(YamlNode node, params string[] path)
    {
        foreach (var key in path) node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return node;
    }

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value ?? "";

    private static List<(string File, YamlMappingNode Document)> Load()
    {
        var documents = new List<(string, YamlMappingNode)>();
        foreach (var path in Directory.EnumerateFiles(RepositoryFiles.PathOf(Folder), "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path)) stream.Load(reader);
            foreach (var document in stream.Documents) documents.Add(($"{Folder}/{Path.GetFileName(path)}", (YamlMappingNode)document.RootNode));
        }

        return documents;
    }
}
