using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Gateway.Host.Observing;

/// <summary>
/// The status page's three files, embedded in the gateway at build time and served as they are: no CDN, no
/// bundler, nothing fetched from elsewhere (the page's content security policy says so to the browser too).
/// </summary>
internal static class StatusPageFiles
{
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "StatusPage/index.html", "text/html; charset=utf-8"),
        ("/status.js", "StatusPage/status.js", "text/javascript; charset=utf-8"),
        ("/status.css", "StatusPage/status.css", "text/css; charset=utf-8"),
    ];

    public static IEnumerable<(string Path, RequestDelegate Serve)> Endpoints()
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Read(resource);
            yield return (path, context =>
            {
                var response = context.Response;
                response.ContentType = contentType;
                response.Headers.ContentSecurityPolicy = Policy;
                response.Headers.XContentTypeOptions = "nosniff";
                response.Headers.CacheControl = "no-cache";
                return response.Body.WriteAsync(content, context.RequestAborted).AsTask();
            });
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the status page file {resource} is not embedded in the gateway");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
