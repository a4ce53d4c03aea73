using Gateway.Matching;
using Gateway.Routing;

namespace Gateway.Tests.Routing;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("checkout", "checkout", true)]
    [InlineData("checkout", "checkout-api", false)]
    [InlineData("payments-*", "payments-eu", true)]
    [InlineData("payments-*", "payments-", true)]
    [InlineData("payments-*", "payment", false)]
    [InlineData("*.failed", "order.failed", true)]
    [InlineData("*.failed", "order.failed.twice", false)]
    [InlineData("*health*", "app.healthcheck", true)]
    [InlineData("*health*", "app.ready", false)]
    [InlineData("*", "", true)]
    [InlineData("order.*.failed", "order.payment.failed", true)]
    [InlineData("order.*.failed", "order.failed", false)]
    [InlineData("v?.api", "v2.api", true)]
    [InlineData("v?.api", "v10.api", false)]
    [InlineData("a*b*c", "aXXbYYbZZc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("Checkout", "checkout", false)]
    public void MatchesLikeAShellGlob(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Compile(pattern).IsMatch(text));
    }

    [Theory]
    [InlineData("*TOKEN", "x-api-token", true)]
    [InlineData("api?key", "API-KEY", true)]
    [InlineData("pass*", "Password", true)]
    [InlineData("secret", "SECRET", true)]
    [InlineData("secret", "secrets", false)]
    public void IgnoreCaseAppliesToEveryShape(string pattern, string text, bool matches)
    {
        Assert.Equal(matches, GlobPattern.Compile(pattern, ignoreCase: true).IsMatch(text));
    }
}
