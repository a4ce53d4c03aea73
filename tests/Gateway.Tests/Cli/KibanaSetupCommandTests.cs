using Gateway.Host.Cli;
using Gateway.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Cli;

public sealed class KibanaSetupCommandTests
{
    [Fact]
    public async Task ImportsTheShippedSavedObjectsIntoTheGivenSpace()
    {
        string? path = null, xsrf = null, body = null;
        await using var kibana = await LoopbackServer.StartAsync(app => app.MapPost("/{**rest}", async (HttpContext context) =>
        {
            path = context.Request.Path + context.Request.QueryString;
            xsrf = context.Request.Headers["kbn-xsrf"];
            body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            return Results.Json(new { success = true, successCount = 7 });
        }));
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await GatewayCli.RunAsync(["kibana", "setup", "--url", kibana.Address.ToString(), "--space", "ops"], output, error);

        Assert.Equal(0, exit);
        Assert.Equal("/s/ops/api/saved_objects/_import?overwrite=true", path);
        Assert.Equal("true", xsrf);
        Assert.Contains("logs-gateway-*", body, StringComparison.Ordinal);
        Assert.Contains("imported 7 saved object(s)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAUrlItPrintsUsageAndExitsTwo()
    {
        var error = new StringWriter();

        var exit = await GatewayCli.RunAsync(["kibana", "setup"], new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Contains("--url", error.ToString(), StringComparison.Ordinal);
    }
}
