namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// Under the client's HTTP handler: a request whose body compressed itself (<see cref="GzippedBody"/>) gets
/// <c>Content-Encoding: gzip</c> in place of the in-process marker header.
/// </summary>
internal sealed class RequestCompressionHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Label(request);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Label(request);
        return base.Send(request, cancellationToken);
    }

    private static void Label(HttpRequestMessage request)
    {
        if (!request.Headers.Remove(GzippedBody.MarkerHeader) || request.Content is not { } content) return;
        content.Headers.ContentEncoding.Add("gzip");
        content.Headers.ContentLength = null;
    }
}
