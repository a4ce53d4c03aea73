using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// An Elasticsearch stand-in for load runs: answers the set-up calls, and for <c>_bulk</c> parses every action and
/// document line, counts documents, reads the load generator's send time from each document for latency, and answers
/// per-item 201s in the real response shape. It does no indexing, so the gateway is what is measured.
/// </summary>
public sealed class BulkSink : IAsyncDisposable
{
    private static readonly byte[] SentAttribute = "load.sent_ns"u8.ToArray();
    private readonly LoopbackServer _server;
    private long _documents;
    private long _requests;

    private BulkSink(LoopbackServer server, LatencyRecorder latency)
    {
        _server = server;
        Latency = latency;
    }

    public Uri Address => _server.Address;

    public long Documents => Interlocked.Read(ref _documents);

    public long Requests => Interlocked.Read(ref _requests);

    public LatencyRecorder Latency { get; }

    public static async Task<BulkSink> StartAsync(LatencyRecorder latency)
    {
        BulkSink? sink = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            // The product header and GET/HEAD / that the official client checks and pings.
            ElasticsearchBasics.Use(app);
            app.MapMethods("/{**path}", ["PUT", "POST", "GET", "HEAD"], async (HttpContext context) =>
            {
                var path = context.Request.Path.Value ?? string.Empty;
                if (path.EndsWith("/_bulk", StringComparison.Ordinal)) await sink!.HandleBulkAsync(context).ConfigureAwait(false);
                else await context.Response.WriteAsJsonAsync(new { acknowledged = true }).ConfigureAwait(false);
            });
        }).ConfigureAwait(false);
        sink = new BulkSink(server, latency);
        return sink;
    }

    private async Task HandleBulkAsync(HttpContext context)
    {
        var receivedNs = NowNs();
        Stream body = context.Request.Body;
        if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)) body = new GZipStream(body, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer).ConfigureAwait(false);
        var data = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        var response = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(response))
        {
            writer.WriteStartObject();
            writer.WriteNumber("took", 1);
            writer.WriteBoolean("errors", false);
            writer.WriteStartArray("items");
            var span = data.Span;
            var documents = 0;
            while (!span.IsEmpty)
            {
                var actionEnd = span.IndexOf((byte)'\n');
                if (actionEnd < 0) break;
                var action = span[..actionEnd];
                span = span[(actionEnd + 1)..];
                var documentEnd = span.IndexOf((byte)'\n');
                if (documentEnd < 0) break;
                var document = span[..documentEnd];
                span = span[(documentEnd + 1)..];
                WriteItem(writer, action);
                RecordLatency(document, receivedNs);
                documents++;
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            Interlocked.Add(ref _documents, documents);
            Interlocked.Increment(ref _requests);
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(response.WrittenMemory).ConfigureAwait(false);
    }

    private static void WriteItem(Utf8JsonWriter writer, ReadOnlySpan<byte> action)
    {
        var reader = new Utf8JsonReader(action);
        string operation = "create", index = "unknown", id = string.Empty;
        var depth = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject) depth++;
            else if (reader.TokenType == JsonTokenType.EndObject) depth--;
            else if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (depth == 1) operation = name;
                else if (name == "_index" && reader.Read()) index = reader.GetString() ?? index;
                else if (name == "_id" && reader.Read()) id = reader.GetString() ?? id;
            }
        }

        writer.WriteStartObject();
        writer.WriteStartObject(operation);
        writer.WriteString("_index", index);
        writer.WriteString("_id", id);
        writer.WriteNumber("_version", 1);
        writer.WriteString("result", "created");
        writer.WriteNumber("status", 201);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void RecordLatency(ReadOnlySpan<byte> document, long receivedNs)
    {
        var at = document.IndexOf(SentAttribute);
        if (at < 0) return;
        var rest = document[(at + SentAttribute.Length)..];
        var start = rest.IndexOfAnyInRange((byte)'0', (byte)'9');
        if (start < 0 || start > 4) return;
        rest = rest[start..];
        long sent = 0;
        for (var i = 0; i < rest.Length && rest[i] is >= (byte)'0' and <= (byte)'9'; i++) sent = sent * 10 + (rest[i] - '0');
        Latency.Record((receivedNs - sent) / 1000);
    }

    public static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
