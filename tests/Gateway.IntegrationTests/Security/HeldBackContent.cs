using System.Net;
using System.Net.Http.Headers;

namespace Gateway.IntegrationTests.Security;

/// <summary>A request body sent in two parts: the first at once, the rest only when the test releases it, so the request stays in flight.</summary>
internal sealed class HeldBackContent : HttpContent
{
    private readonly byte[] _body;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldBackContent(byte[] body, string contentType)
    {
        _body = body;
        Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
    }

    public void Release() => _released.TrySetResult();

    /// <summary>Completes once the first part of the body is on the wire, i.e. the request has been sent.</summary>
    public Task Started => _started.Task;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var half = _body.Length / 2;
        await stream.WriteAsync(_body.AsMemory(0, half));
        await stream.FlushAsync();
        _started.TrySetResult();
        await _released.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await stream.WriteAsync(_body.AsMemory(half));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
