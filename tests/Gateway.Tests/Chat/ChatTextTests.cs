using Gateway.Envelope;
using Gateway.Exporters.Chat.Slack;
using Gateway.Exporters.Chat.Text;
using Gateway.Testing;

namespace Gateway.Tests.Chat;

public sealed class ChatTextTests
{
    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("abcdefghij", 5, "abcd…")]
    [InlineData("ab😀cd", 4, "ab…")]
    [InlineData("a👩‍👩‍👧‍👦bc", 13, "a👩‍👩‍👧‍👦…")]
    [InlineData("a👩‍👩‍👧‍👦b", 12, "a…")]
    [InlineData("e\u0301e\u0301e\u0301", 4, "e\u0301…")]
    public void TruncationNeverSplitsACharacterAndMarksTheCut(string text, int max, string expected)
    {
        var cut = SafeText.Truncate(text, max);

        Assert.Equal(expected, cut);
        Assert.True(cut.Length <= max);
    }

    [Fact]
    public void SlackTextIsEscapedAndItsEscapedLengthStaysWithinTheLimit()
    {
        Assert.Equal("&lt;@here&gt; &amp; co", Mrkdwn.Escape("<@here> & co", 100));

        var cut = Mrkdwn.Escape(string.Concat(Enumerable.Repeat("<&>", 100)), 20);

        Assert.True(cut.Length <= 20);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.DoesNotContain("&am…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void ATemplateFillsNamedFieldsAndAttributes()
    {
        Assert.True(MessageTemplate.TryParse("{name} on {service}/{environment}: order {attributes.ctx.order.id}{attributes.missing} {{x}}", out var template, out _));

        var headline = template!.Render(Some.Envelope(name: "payment.failed", error: Some.Error()));

        Assert.Equal("payment.failed on checkout/production: order ord-1001 {x}", headline);
    }

    [Theory]
    [InlineData("{nme}", "unknown placeholder '{nme}'")]
    [InlineData("{name", "is never closed")]
    [InlineData("name}", "unmatched '}'")]
    public void ABadTemplateSaysWhatIsWrong(string text, string expected)
    {
        Assert.False(MessageTemplate.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheTopFramesOfAStackAreKeptAndTheRestIsCounted()
    {
        var stack = "Boom\n  at A()\n\n  at B()\n  at C()\n  at D()";

        Assert.Equal("Boom\n  at A()\n\n  at B()\n… 2 more line(s)", StackTop.Take(stack, 3));
        Assert.Null(StackTop.Take("  ", 3));
    }

    [Fact]
    public void EnvelopeFieldsReadWhatTheirNameSays()
    {
        var envelope = Some.Envelope(level: EventLevel.Warn, error: Some.Error(name: "TimeoutException"));

        Assert.True(EnvelopeField.TryParse("error.name", out var error));
        Assert.True(EnvelopeField.TryParse("attributes.http.status_code", out var status));
        Assert.True(EnvelopeField.TryParse("level", out var level));
        Assert.False(EnvelopeField.TryParse("attributes.", out _));
        Assert.Equal("TimeoutException", error.Read(envelope));
        Assert.Equal("200", status.Read(envelope));
        Assert.Equal("warn", level.Read(envelope));
    }
}
