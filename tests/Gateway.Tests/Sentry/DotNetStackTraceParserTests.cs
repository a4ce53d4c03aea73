using Gateway.Exporters.Sentry.StackTraces;

namespace Gateway.Tests.Sentry;

public sealed class DotNetStackTraceParserTests
{
    private readonly DotNetStackTraceParser _parser = new();

    [Fact]
    public void InnerExceptionsComeFirstEachWithItsOwnFramesOldestCallFirst()
    {
        var chain = FrameAssert.Parse(_parser, Fixture.Stack("dotnet.txt"));

        Assert.Equal(["System.Net.Sockets.SocketException", "System.Net.Http.HttpRequestException", "System.InvalidOperationException"], chain.Select(e => e.Type));
        Assert.Equal("Connection refused", chain[0].Value);
        Assert.Equal("Payment for order ord-1001 failed", chain[2].Value);
        Assert.Equal(3, chain[0].Frames.Count);
        FrameAssert.Equal(
        [
            new("ChargeAsync", "Shop.Payments.PaymentClient", "PaymentClient.cs", "/src/Shop.Payments/PaymentClient.cs", 57, null, true),
            new("<SendAsync>g__Core|83_0", "System.Net.Http.HttpClient", null, null, null, null, false),
            new("ConnectToTcpHostAsync", "System.Net.Http.HttpConnectionPool", null, null, null, null, false),
        ], chain[1].Frames);
        FrameAssert.Equal(
        [
            new("<Invoke>g__AwaitRequestTask|7_0", "Microsoft.AspNetCore.Routing.EndpointMiddleware", null, null, null, null, false),
            new("ExecuteTaskResult[T]", "Microsoft.AspNetCore.Http.RequestDelegateFactory", null, null, null, null, false),
            new("MoveNext", "Shop.Checkout.CheckoutEndpoints.<>c.<<Map>b__0_0>d", "CheckoutEndpoints.cs", "/src/Shop.Checkout/CheckoutEndpoints.cs", 18, null, true),
            new("PlaceAsync", "Shop.Checkout.OrderService", "OrderService.cs", "/src/Shop.Checkout/OrderService.cs", 42, null, true),
        ], chain[2].Frames);
    }

    [Fact]
    public void OlderRuntimesAsyncStateMachinesShowTheMethodTheUserWrote()
    {
        var chain = FrameAssert.Parse(_parser, "System.Exception: boom\n   at Shop.Orders.<PlaceAsync>d__5.MoveNext() in C:\\src\\Orders.cs:line 9\n   at Shop.Orders..ctor()");

        FrameAssert.Equal(
        [
            new(".ctor", "Shop.Orders", null, null, null, null, true),
            new("PlaceAsync", "Shop.Orders", "Orders.cs", "C:\\src\\Orders.cs", 9, null, true),
        ], chain[0].Frames);
    }

    [Fact]
    public void InAppIncludeMarksOnlyTheConfiguredPrefixesBesidesLibraries()
    {
        var chain = FrameAssert.Parse(_parser, Fixture.Stack("dotnet.txt"), "Shop.Checkout.");

        Assert.True(chain[2].Frames[^1].InApp);
        Assert.False(chain[2].Frames[0].InApp);
    }

    [Fact]
    public void JvmFramesAreNotTakenForDotNetFrames()
    {
        Assert.False(_parser.TryParse(Fixture.Stack("java.txt"), out _));
    }
}
