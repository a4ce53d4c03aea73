using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Elasticsearch;

/// <summary>
/// What every Elasticsearch node answers, for small stand-ins that script one API: the <c>X-Elastic-Product</c> header
/// on every response (the official client's product check) and <c>GET</c>/<c>HEAD /</c> (the client pings a node
/// before its first request and before using it again after a failure).
/// </summary>
public static class ElasticsearchBasics
{
    public static WebApplication Use(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            await next(context).ConfigureAwait(false);
        });
        app.MapMethods("/", ["GET", "HEAD"], () => Results.Text(
            """{"name":"stand-in","cluster_name":"gateway-test","version":{"number":"9.1.0","build_flavor":"default"},"tagline":"You Know, for Search"}""",
            "application/json"));
        return app;
    }
}
