using Gateway.Exporters.Sentry.StackTraces;

namespace Gateway.Tests.Sentry;

public sealed class JavaStackTraceParserTests
{
    private readonly JavaStackTraceParser _parser = new();

    [Fact]
    public void CausedByChainsPutTheRootCauseFirstAndSkipSuppressedBlocks()
    {
        var chain = FrameAssert.Parse(_parser, Fixture.Stack("java.txt"));

        Assert.Equal(["java.net.ConnectException", "com.acme.shop.payment.PaymentException"], chain.Select(e => e.Type));
        Assert.Equal("Connection refused", chain[0].Value);
        FrameAssert.Equal(
        [
            new("charge", "com.acme.shop.payment.PaymentService", "PaymentService.java", null, 80, null, true),
            new("post", "com.acme.shop.payment.GatewayClient", "GatewayClient.kt", null, 31, null, true),
            new("connect", "java.net.Socket", "Socket.java", null, 751, null, false),
            new("timedFinishConnect", "sun.nio.ch.NioSocketImpl", "NioSocketImpl.java", null, 542, null, false),
            new("pollConnect", "sun.nio.ch.Net", null, null, null, null, false),
        ], chain[0].Frames);
        Assert.Equal(7, chain[1].Frames.Count);
        Assert.Equal(("run", "java.lang.Thread"), (chain[1].Frames[0].Function, chain[1].Frames[0].Module));
        Assert.Equal(("charge", 87, true), (chain[1].Frames[^1].Function, chain[1].Frames[^1].LineNumber, chain[1].Frames[^1].InApp));
        Assert.False(chain[1].Frames[1].InApp); // org.springframework
    }

    [Fact]
    public void TheThreadPrefixOfAnUncaughtExceptionIsNotPartOfTheType()
    {
        var chain = FrameAssert.Parse(_parser, "Exception in thread \"main\" java.lang.IllegalStateException: not ready\n\tat com.acme.Main.main(Main.java:5)");

        Assert.Equal("java.lang.IllegalStateException", chain[0].Type);
        Assert.Equal("not ready", chain[0].Value);
    }

    [Fact]
    public void DotNetFramesAreNotTakenForJvmFrames()
    {
        Assert.False(_parser.TryParse(Fixture.Stack("dotnet.txt"), out _));
    }
}
