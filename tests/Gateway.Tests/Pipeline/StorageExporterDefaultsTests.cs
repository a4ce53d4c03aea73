using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Queues;

namespace Gateway.Tests.Pipeline;

/// <summary>Storage exporters keep what they were given: they block when full and never give up retrying, unless told to.</summary>
public sealed class StorageExporterDefaultsTests
{
    [Theory]
    [InlineData("elasticsearch", "endpoints: [http://127.0.0.1:9200]")]
    [InlineData("file", "path: ./data/events.ndjson")]
    public void AStorageExporterRetriesUntilItsDestinationIsBackAndBlocksWhenFull(string type, string settings)
    {
        var config = new GatewayConfigLoader(GatewayCatalog.Create(), _ => null).Load($"exporters:\n  {type}: {{ {settings} }}\n", "gateway.yaml");

        var options = Assert.Single(config.Exporters).Value;
        Assert.True(options.Retry.Enabled);
        Assert.Equal(TimeSpan.Zero, options.Retry.MaxElapsedTime);
        Assert.Equal(QueueFullPolicy.Block, options.Queue.Policy);
    }
}
