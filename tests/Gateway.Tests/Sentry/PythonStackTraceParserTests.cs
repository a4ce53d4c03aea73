using Gateway.Exporters.Sentry.StackTraces;

namespace Gateway.Tests.Sentry;

public sealed class PythonStackTraceParserTests
{
    [Fact]
    public void ChainedTracebacksKeepTheirPrintedOrderWithSourceLinesAndLibraryModules()
    {
        var chain = FrameAssert.Parse(new PythonStackTraceParser(), Fixture.Stack("python.txt"));

        Assert.Equal(["requests.exceptions.ConnectionError", "shop.payments.errors.PaymentError"], chain.Select(e => e.Type));
        Assert.Equal("Payment for order ord-1001 failed", chain[1].Value);
        FrameAssert.Equal(
        [
            new("charge", null, "client.py", "/app/shop/payments/client.py", 41, null, true),
            new("post", "requests.sessions", "sessions.py", "/usr/local/lib/python3.12/site-packages/requests/sessions.py", 637, null, false),
            new("send", "requests.adapters", "adapters.py", "/usr/local/lib/python3.12/site-packages/requests/adapters.py", 700, null, false),
        ], chain[0].Frames);
        FrameAssert.Equal(
        [
            new("place_order", null, "views.py", "/app/shop/checkout/views.py", 28, null, true),
            new("charge", null, "client.py", "/app/shop/payments/client.py", 45, null, true),
        ], chain[1].Frames);
        Assert.Equal("receipt = charge(order)", chain[1].Frames[0].ContextLine);
    }
}
