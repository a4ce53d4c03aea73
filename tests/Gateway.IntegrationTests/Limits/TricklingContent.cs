using System.Net;
using System.Net.Http.Headers;

namespace Gateway.IntegrationTests.Limits;

/// <summary>
/// A request body that never finishes: <see cref="BytesPerTick"/> bytes every 100 ms (300 bytes/s, above Kestrel's
/// minimum data rate of 240 bytes/s), until the server gives up on it or <see cref="Limit"/> passes.
/// </summary>
internal sealed class TricklingContent : HttpContent
{
    public const int BytesPerTick = 30;
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private readonly byte[] _prefix;

    public TricklingContent(byte[] prefix, string contentType)
    {
        _prefix = prefix;
        Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        using var limit = new CancellationTokenSource(Limit);
        await stream.WriteAsync(_prefix, limit.Token);
        var filler = new byte[BytesPerTick];
        while (true)
        {
            await stream.FlushAsync(limit.Token);
            await Task.Delay(100, limit.Token);
            await stream.WriteAsync(filler, limit.Token);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
