using Gateway.Otlp.Receivers.Security;

namespace Gateway.Tests.Security;

public sealed class ApiKeyAuthenticatorTests
{
    private const string WebKey = "web-0f1e2d3c4b5a6978";
    private const string BatchKey = "batch-8899aabbccddeeff";

    [Theory]
    [InlineData("Bearer " + WebKey)]
    [InlineData("bearer   " + WebKey + "  ")]
    [InlineData("ApiKey " + WebKey)]
    [InlineData(WebKey)]
    public void TheKeyIsFoundWithOrWithoutAScheme(string header)
    {
        var identity = Authenticator().Authenticate(header);

        Assert.Equal(new ApiKeyIdentity("web", "tenant", "acme"), identity);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Bearer web-0f1e2d3c4b5a697")]
    [InlineData("Bearer web-0f1e2d3c4b5a69780")]
    [InlineData("Bearer WEB-0F1E2D3C4B5A6978")]
    [InlineData("Basic d2ViOnNlY3JldA==")]
    public void AMissingOrWrongKeyIsNobody(string? header)
    {
        Assert.Null(Authenticator().Authenticate(header));
    }

    [Fact]
    public void EachKeyIsItsOwnIdentityAndAKeyWithoutANameIsNamedByItsPosition()
    {
        var identity = Authenticator().Authenticate("Bearer " + BatchKey);

        Assert.Equal(new ApiKeyIdentity("key-1", null, null), identity);
    }

    [Fact]
    public void AKeyFileIsReadWithoutItsTrailingNewline()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  file-key-1234567890abcdef\n");
            var authenticator = new ApiKeyAuthenticator(new ReceiverAuthOptions { Header = "x-api-key", Keys = [new ApiKeyOptions { Name = "mounted", KeyFile = file }] });

            Assert.Equal("x-api-key", authenticator.Header);
            Assert.Equal("mounted", authenticator.Authenticate("file-key-1234567890abcdef")?.Name);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ApiKeyAuthenticator Authenticator() => new(new ReceiverAuthOptions
    {
        Keys =
        [
            new ApiKeyOptions { Name = "web", Key = WebKey, Scope = new KeyScopeOptions { Type = "tenant", Id = "acme" } },
            new ApiKeyOptions { Key = BatchKey },
        ],
    });
}
