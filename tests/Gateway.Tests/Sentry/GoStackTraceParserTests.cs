using Gateway.Exporters.Sentry.StackTraces;

namespace Gateway.Tests.Sentry;

public sealed class GoStackTraceParserTests
{
    [Fact]
    public void OnlyThePanickingGoroutineIsReadWithPackagesSplitFromFunctions()
    {
        var chain = FrameAssert.Parse(new GoStackTraceParser(), Fixture.Stack("go.txt"));

        Assert.Single(chain);
        Assert.Equal("runtime error: invalid memory address or nil pointer dereference", chain[0].Value);
        FrameAssert.Equal(
        [
            new("(*Server).Serve", "net/http", "server.go", "/usr/local/go/src/net/http/server.go", 3285, null, false),
            new("(*conn).serve", "net/http", "server.go", "/usr/local/go/src/net/http/server.go", 2099, null, false),
            new("HandlerFunc.ServeHTTP", "net/http", "server.go", "/usr/local/go/src/net/http/server.go", 2171, null, false),
            new("(*Service).PlaceOrder", "github.com/acme/shop/internal/checkout", "service.go", "/build/internal/checkout/service.go", 42, null, true),
            new("(*Client).Charge", "github.com/acme/shop/internal/payments", "client.go", "/build/internal/payments/client.go", 57, null, true),
        ], chain[0].Frames);
    }
}
