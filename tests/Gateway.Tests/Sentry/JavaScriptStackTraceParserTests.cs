using Gateway.Exporters.Sentry.StackTraces;

namespace Gateway.Tests.Sentry;

public sealed class JavaScriptStackTraceParserTests
{
    [Fact]
    public void V8FramesKeepFunctionFileLineAndColumnAndLeaveNodeModulesOutOfTheApp()
    {
        var chain = FrameAssert.Parse(new V8StackTraceParser(), Fixture.Stack("node.txt"));

        Assert.Equal(("TypeError", "Cannot read properties of undefined (reading 'price')"), (chain[0].Type, chain[0].Value));
        FrameAssert.Equal(
        [
            new("process.processTicksAndRejections", null, "node:internal/process/task_queues", "node:internal/process/task_queues", 95, 5, false),
            new("Layer.handle [as handle_request]", null, "/app/node_modules/express/lib/router/layer.js", "/app/node_modules/express/lib/router/layer.js", 95, 5, false),
            new(null, null, "/app/src/routes/checkout.js", "/app/src/routes/checkout.js", 18, 5, true),
            new("OrderService.place", null, "/app/src/orders/service.js", "/app/src/orders/service.js", 42, 17, true),
            new("computeTotals", null, "/app/src/cart/totals.js", "/app/src/cart/totals.js", 20, 31, true),
            new("Array.map", null, "<anonymous>", null, null, null, false),
            new("lineTotal", null, "/app/src/cart/totals.js", "/app/src/cart/totals.js", 12, 27, true),
        ], chain[0].Frames);
    }

    [Fact]
    public void FirefoxFramesIncludingAnonymousOnesAreReadOldestFirst()
    {
        var chain = FrameAssert.Parse(new GeckoStackTraceParser(), Fixture.Stack("firefox.txt"));

        const string bundle = "http://localhost:3000/static/js/main.4f2a1c.js";
        FrameAssert.Equal(
        [
            new(null, null, bundle, bundle, 2, 9000, true),
            new("onClick", null, bundle, bundle, 2, 13001, true),
            new("placeOrder", null, bundle, bundle, 2, 11872, true),
            new("computeTotals", null, bundle, bundle, 2, 10498, true),
            new("computeTotals/<", null, bundle, bundle, 2, 10520, true),
            new("lineTotal", null, bundle, bundle, 2, 10453, true),
        ], chain[0].Frames);
    }

    [Fact]
    public void SafariNativeCodeFramesAreKeptButNotInApp()
    {
        var chain = FrameAssert.Parse(new GeckoStackTraceParser(), Fixture.Stack("safari.txt"));

        const string app = "https://shop.example.com/assets/app.js";
        FrameAssert.Equal(
        [
            new("global code", null, app, app, 1, 200, true),
            new("computeTotals", null, app, app, 1, 10498, true),
            new("map", null, "[native code]", null, null, null, false),
            new("lineTotal", null, app, app, 1, 10453, true),
        ], chain[0].Frames);
    }

    [Fact]
    public void AnAddressInAMessageIsNotAFirefoxFrame()
    {
        Assert.False(new GeckoStackTraceParser().TryParse("Error: mail to ops@example.com failed", out _));
    }
}
