using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Testing;
using Gateway.Testing.Otlp;

namespace Gateway.IntegrationTests.Durability;

/// <summary>
/// The file exporter's output rotated by an outside tool while the gateway writes it, as logrotate's copytruncate
/// does: every line of every file stays a whole JSON line (no NUL runs, no half lines), and records sent between
/// rotations are each in exactly one file.
/// </summary>
public sealed class FileRotatedUnderTheGatewayTests
{
    private const int RecordsPerRequest = 5;

    [Fact]
    public async Task CopyTruncateUnderLoadLeavesOnlyWholeLinesAndLosesNothingBetweenRotations()
    {
        await using var gateway = await TestGateway.StartAsync();
        var path = Path.Combine(gateway.Directory, TestGateway.DefaultEventsFile);
        using var http = new HttpClient();
        var sent = 0;

        async Task<List<string>> SendAsync(int requests)
        {
            var messages = new List<string>();
            for (var request = 0; request < requests; request++)
            {
                var batch = Enumerable.Range(0, RecordsPerRequest).Select(_ => $"record-{Interlocked.Increment(ref sent)}").ToList();
                var body = OtlpRequests.Logs(batch.Select(m => OtlpRequests.Record(m)));
                Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(gateway.HttpLogsEndpoint, OtlpRequests.ProtobufContent(body))).StatusCode);
                messages.AddRange(batch);
            }

            return messages;
        }

        // Two quiet rotations: what was written before each is in its copy, what comes after in the live file.
        var first = await SendAsync(10);
        await gateway.WaitForEnvelopesAsync(first.Count);
        CopyTruncate(path, path + ".1");
        var second = await SendAsync(10);
        await gateway.WaitForEnvelopesAsync(second.Count);
        CopyTruncate(path, path + ".2");

        // Then rotations racing the writes: copytruncate itself may lose what lands between its copy and its cut,
        // but what is left must still be whole lines.
        var racing = Task.Run(() => SendAsync(40));
        for (var rotation = 3; rotation < 6 || (!racing.IsCompleted && rotation < 50); rotation++)
        {
            await Task.Delay(5);
            CopyTruncate(path, $"{path}.{rotation}");
        }

        await racing;
        var last = await SendAsync(2);
        await Eventually.TrueAsync(() => File.ReadAllText(path).Contains(last[^1], StringComparison.Ordinal), "the records after the last rotation are written");
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(first, Messages(path + ".1"));
        Assert.Equal(second, Messages(path + ".2"));
        var everyFile = Directory.GetFiles(gateway.Directory, TestGateway.DefaultEventsFile + "*");
        var all = everyFile.SelectMany(Messages).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Subset(all.ToHashSet(), last.ToHashSet());
    }

    /// <summary>logrotate's copytruncate: copy the file, then cut the original to zero while its writer keeps it open.</summary>
    private static void CopyTruncate(string path, string copy)
    {
        File.Copy(path, copy);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        file.SetLength(0);
    }

    /// <summary>The messages of a file's lines, in order; fails on a NUL byte, a half line or a line that is not JSON.</summary>
    private static List<string> Messages(string path)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            bytes = memory.ToArray();
        }

        Assert.True(Array.IndexOf(bytes, (byte)0) < 0, $"{path} holds NUL bytes");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), $"{path} ends in a half line");
        var messages = new List<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            messages.Add(document.RootElement.GetProperty("message").GetString()!);
        }

        return messages;
    }
}
