using System.Buffers.Binary;
using System.Net;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Gateway.Testing.Pipeline;
using Gateway.Testing.Diagnostics;

namespace Gateway.IntegrationTests.Durability;

/// <summary>The gateway starts on a queue a crash and a bad disk damaged: it delivers every intact record and counts the bad one.</summary>
public sealed class QueueRecoveryTests : IDisposable
{
    private const int SegmentHeaderBytes = 8;
    private const int FrameHeaderBytes = 8;

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-recovery-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ATornLastRecordAndAFlippedByteCostOnlyThoseTwoRecords()
    {
        using var metrics = new MetricRecorder();
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        elasticsearch.DropConnections = true;
        var queueDir = Path.Combine(_directory, "queue");
        var yaml = DurableGatewayYaml.For(elasticsearch, queueDir, Path.Combine(_directory, "dead-letter.ndjson"));
        using var load = new OtlpLoad("recovery", 10);
        await using (var down = await TestGateway.StartAsync(yaml))
        {
            for (var request = 0; request < 3; request++) Assert.Equal(HttpStatusCode.OK, await load.SendAsync(down.HttpLogsEndpoint));
        }

        var segment = Assert.Single(Directory.GetFiles(Path.Combine(queueDir, "elasticsearch"), "segment-*.log"));
        var frames = FrameOffsets(await File.ReadAllBytesAsync(segment));
        Assert.Equal(30, frames.Count);
        FlipByte(segment, frames[14] + FrameHeaderBytes + 20);
        using (var file = new FileStream(segment, FileMode.Open))
        {
            // A crash in the middle of writing the last record.
            file.SetLength(file.Length - 3);
        }

        elasticsearch.DropConnections = false;
        await using var up = await TestGateway.StartAsync(yaml);

        var expected = load.Acknowledged.Order(StringComparer.Ordinal).ToList();
        expected.Remove("recovery-2-4");
        expected.Remove("recovery-3-9");
        await Eventually.TrueAsync(() => elasticsearch.Documents.Count >= expected.Count, $"{expected.Count} intact records indexed");
        Assert.Equal(expected, DurableGatewayYaml.IndexedMessages(elasticsearch).Order(StringComparer.Ordinal));
        Assert.Equal(1, metrics.Sum("gateway_queue_corrupt_records", "queue", "elasticsearch"));
        Assert.Single(Directory.GetFiles(Path.Combine(queueDir, "elasticsearch", "corrupt"), "*.bin"));
    }

    /// <summary>Where each frame (<c>[length u32][crc u32][payload]</c>) of a segment starts.</summary>
    private static List<int> FrameOffsets(byte[] segment)
    {
        var offsets = new List<int>();
        for (var at = SegmentHeaderBytes; at + FrameHeaderBytes <= segment.Length;)
        {
            offsets.Add(at);
            at += FrameHeaderBytes + (int)BinaryPrimitives.ReadUInt32LittleEndian(segment.AsSpan(at));
        }

        return offsets;
    }

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0xFF));
    }
}
