using Gateway.Configuration;
using Gateway.Processors.Redaction;
using Gateway.Processors.Sampling;

namespace Gateway.Tests.Processors;

public sealed class ProcessorConfigTests
{
    [Fact]
    public void AnEmptyBlockGivesTheDocumentedDefaults()
    {
        var config = TestProcessors.Load("processors:\n  sampling:\n  redaction:\n");

        var sampling = (SamplingOptions)config.Processors[new ComponentId("sampling", null)];
        Assert.Equal([0.01, 0.1, 1, 1, 1], new[] { sampling.Rates.Debug, sampling.Rates.Info, sampling.Rates.Warn, sampling.Rates.Error, sampling.Rates.Fatal });
        Assert.Null(sampling.KeepSessionOnError);
        Assert.Equal("sampling.priority", sampling.PriorityAttribute);
        var redaction = (RedactionOptions)config.Processors[new ComponentId("redaction", null)];
        Assert.True(redaction.DefaultBlockedKeys);
        Assert.Equal(RedactionAction.Mask, redaction.Detectors.PaymentCard);
    }

    [Fact]
    public void ALevelWithoutARateKeepsItsDefault()
    {
        var config = TestProcessors.Load("processors:\n  sampling:\n    rates: {info: 0.5}\n    keep_session_on_error: {window: 1m}\n");
        var sampling = (SamplingOptions)config.Processors[new ComponentId("sampling", null)];
        Assert.Equal(0.5, sampling.Rates.Info);
        Assert.Equal(0.01, sampling.Rates.Debug);
        Assert.Equal(TimeSpan.FromMinutes(1), sampling.KeepSessionOnError!.Window);
        Assert.Equal(10_000, sampling.KeepSessionOnError.MaxSessions);
    }

    [Fact]
    public void BadValuesFailAtStartWithTheFileLineAndWhatToWriteInstead()
    {
        const string yaml = """
            processors:
              sampling:
                rates:
                  info: 1.5
                rules:
                  - name: "payment.*"
                    rate: 25
              redaction:
                detectors:
                  email: scramble
                patterns:
                  - name: ticket
                    regex: "TCK-[0-9"
            """;

        var error = Assert.Throws<ConfigException>(() => TestProcessors.Load(yaml));

        Assert.Collection(
            error.Errors.OrderBy(e => e.Line),
            e => AssertError(e, 4, "processors.sampling.rates.info: must be a keep-rate between 0 and 1, got 1.5; rates are fractions: for 1.5% write 0.015"),
            e => AssertError(e, 7, "processors.sampling.rules[0].rate: must be a keep-rate between 0 and 1, got 25; rates are fractions: for 25% write 0.25"),
            e => AssertError(e, 10, "processors.redaction.detectors.email: 'scramble' is not one of mask, hash, drop, off"),
            e =>
            {
                AssertError(e, 13, "processors.redaction.patterns[0].regex: 'TCK-[0-9' is not a usable regular expression (");
                Assert.Contains("escape special characters with a backslash", e.Message, StringComparison.Ordinal);
            });
        Assert.Contains("gateway.yaml:4:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownKeyActionIsRejectedAtItsLine()
    {
        var error = Assert.Throws<ConfigException>(() => TestProcessors.Load("processors:\n  redaction:\n    key_action: encrypt\n"));
        AssertError(Assert.Single(error.Errors), 3, "processors.redaction.key_action: 'encrypt' is not one of mask, hash, drop, off");
    }

    [Fact]
    public void HashWithoutAKeyAsksForOne()
    {
        var error = Assert.Throws<ConfigException>(() => TestProcessors.Load("processors:\n  redaction:\n    detectors:\n      email: hash\n"));
        var only = Assert.Single(error.Errors);
        AssertError(only, 4, "processors.redaction.detectors.email: uses the hash action, which needs a secret key: write hash_key: ${env:GATEWAY_REDACTION_HASH_KEY}");
    }

    [Fact]
    public void ARegexTheLinearEngineCannotRunIsRejectedWithTheReason()
    {
        const string yaml = """
            processors:
              redaction:
                patterns:
                  - {name: repeated, regex: '(a)\1'}
            """;
        var error = Assert.Throws<ConfigException>(() => TestProcessors.Load(yaml));
        var only = Assert.Single(error.Errors);
        Assert.Equal(4, only.Line);
        Assert.Contains("backreferences and lookarounds are not supported", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APatternThatMatchesEmptyTextIsRejected()
    {
        var error = Assert.Throws<ConfigException>(() => TestProcessors.Load("processors:\n  redaction:\n    patterns:\n      - {name: digits, regex: '[0-9]*'}\n"));
        var only = Assert.Single(error.Errors);
        Assert.Equal(4, only.Line);
        Assert.Contains("also matches empty text", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARuleWithoutAConditionOrRateIsRejected()
    {
        var error = Assert.Throws<ConfigException>(() => TestProcessors.Load("processors:\n  sampling:\n    rules:\n      - level: verbose\n"));
        Assert.Collection(
            error.Errors,
            e => AssertError(e, 4, "processors.sampling.rules[0].level: 'verbose' is not a level: write one of debug, info, warn, error, fatal"),
            e => AssertError(e, 4, "processors.sampling.rules[0].rate: is required: write rate: 1 to always keep"));
    }

    [Fact]
    public void TheShippedProcessorsBlockLoads()
    {
        var config = TestProcessors.Load(ShippedBlock);
        var sampling = (SamplingOptions)config.Processors[new ComponentId("sampling", null)];
        Assert.Equal(0.1, sampling.Rates.Info);
        Assert.NotNull(sampling.KeepSessionOnError);
        Assert.Equal(2, sampling.Rules.Count);
        Assert.IsType<RedactionOptions>(config.Processors[new ComponentId("redaction", null)]);
    }

    /// <summary>The <c>processors:</c> block docs/processors.md documents and gateway.yaml ships.</summary>
    private const string ShippedBlock = """
        processors:
          sampling:
            seed: 0
            rates:
              debug: 0.01
              info: 0.1
              warn: 1
              error: 1
              fatal: 1
            rules:
              - name: "payment.*"
                rate: 1
              - service: healthcheck
                rate: 0
            keep_session_on_error:
              window: 30s
              max_sessions: 10000
              max_events_per_session: 100
          redaction:
            key_action: mask
            default_blocked_keys: true
            blocked_keys: []
            ignored_keys: []
            detectors:
              email: mask
              payment_card: mask
              jwt: mask
              bearer_token: mask
              aws_access_key: mask
              private_key: mask
        """;

    private static void AssertError(ConfigError error, int line, string messageStart)
    {
        Assert.Equal("gateway.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
    }
}
