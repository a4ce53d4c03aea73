using Gateway.Testing.Diagnostics;
using Gateway.Envelope;
using Gateway.Processors.Redaction;
using Gateway.Testing;

namespace Gateway.Tests.Processors.Redaction;

public sealed class RedactionProcessorTests
{
    private const string Defaults = """
        processors:
          redaction: {}
        """;

    [Fact]
    public void BlockedKeysAreMaskedAtAnyDepthInEverySection()
    {
        var envelope = Some.Envelope(
            attributes:
            [
                new KeyValue("password", S("p1")),
                new KeyValue("db", AttributeValue.FromMap([new KeyValue("settings", AttributeValue.FromArray([AttributeValue.FromMap([new KeyValue("secret", S("p2"))])]))])),
            ],
            actor: new EntityRef { Type = "user", Tags = [new KeyValue("ssn", S("p3"))] },
            scope: new EntityRef { Type = "tenant", Tags = [new KeyValue("api_key", S("p4"))] },
            tags: [new KeyValue("cookie", S("p5"))],
            resource: [new KeyValue("deploy.token", S("p6"))]);
        envelope.Body = AttributeValue.FromMap([new KeyValue("auth", AttributeValue.FromMap([new KeyValue("user", S("p7"))]))]);

        Run(Defaults, envelope);

        var json = EnvelopeJson.ToJson(envelope);
        for (var i = 1; i <= 7; i++) Assert.DoesNotContain($"\"p{i}\"", json, StringComparison.Ordinal);
        Assert.Equal(S("[REDACTED]"), envelope.Attributes[0].Value);
        Assert.Contains("\"auth\":\"[REDACTED]\"", json, StringComparison.Ordinal);
        Assert.Equal(7, envelope.Redaction!.Count);
        Assert.Equal(["password", "db.settings.secret", "actor.tags.ssn", "scope.tags.api_key", "tags.cookie", "resource.deploy.token", "body.auth"], envelope.Redaction.Keys);
    }

    [Theory]
    [InlineData("PASSWORD")]
    [InlineData("user.Password")]
    [InlineData("http.request.header.authorization")]
    [InlineData("x.api-key")]
    [InlineData("Set-Cookie")]
    [InlineData("card_number")]
    public void DefaultKeyPatternsMatchTheLastSegmentOrTheWholeKeyIgnoringCase(string key)
    {
        var envelope = Some.Envelope(attributes: [new KeyValue(key, S("value-1"))]);
        Run(Defaults, envelope);
        Assert.Equal(S("[REDACTED]"), envelope.Attributes[0].Value);
    }

    [Theory]
    [InlineData("author")]
    [InlineData("password_hint_shown")]
    [InlineData("tokens_used")]
    [InlineData("auth.method")]
    public void KeysThatOnlyResembleABlockedNameStay(string key)
    {
        var envelope = Some.Envelope(attributes: [new KeyValue(key, S("value-1"))]);
        Run(Defaults, envelope);
        Assert.Equal(S("value-1"), envelope.Attributes[0].Value);
        Assert.Null(envelope.Redaction);
    }

    [Fact]
    public void DetectorsReplaceOnlyTheMatchAndKeepTheRestReadable()
    {
        var envelope = Some.Envelope(message: "User jane@example.com paid with 4111-1111-1111-1111 for order 4929000012345678 (key AKIAIOSFODNN7EXAMPLE)");
        envelope.Title = "Login with Bearer abc.DEF-123_xyz failed";

        Run(Defaults, envelope);

        Assert.Equal("User [REDACTED:email] paid with [REDACTED:payment_card] for order 4929000012345678 (key [REDACTED:aws_access_key])", envelope.Message);
        Assert.Equal("Login with Bearer [REDACTED:bearer_token] failed", envelope.Title);
        Assert.Equal(["message", "title"], envelope.Redaction!.Keys);
        Assert.Equal(4, envelope.Redaction.Count);
    }

    [Theory]
    [InlineData("authorization: bearer abc.DEF-123_xyz")]
    [InlineData("AUTHORIZATION: BEARER abc.DEF-123_xyz")]
    [InlineData("Authorization: BeArEr abc.DEF-123_xyz")]
    public void BearerTokensAreFoundWhateverTheCaseOfTheScheme(string header)
    {
        var envelope = Some.Envelope(message: header);

        Run(Defaults, envelope);

        Assert.Equal(header[..header.IndexOf("abc", StringComparison.Ordinal)] + "[REDACTED:bearer_token]", envelope.Message);
    }

    [Fact]
    public void JwtsAndPrivateKeysInErrorsAreRedacted()
    {
        const string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc_DEF-123";
        var error = Some.Error(message: $"invalid token {jwt}", stack: "at A.B()\n-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\nat C.D()");
        var envelope = Some.Envelope(level: EventLevel.Error, error: error);

        Run(Defaults, envelope);

        Assert.Equal("invalid token [REDACTED:jwt]", envelope.Error!.Message);
        Assert.Equal("at A.B()\n[REDACTED:private_key]\nat C.D()", envelope.Error.Stack);
        Assert.Equal(["error.message", "error.stack"], envelope.Redaction!.Keys);
    }

    [Theory]
    [InlineData("Bearer authentication failed")]
    [InlineData("see https://shop.example.com/orders/1001?page=2")]
    [InlineData("took 1732368000000 ms")]
    public void OrdinaryTextIsLeftAlone(string text)
    {
        var envelope = Some.Envelope(message: text);
        Run(Defaults, envelope);
        Assert.Same(text, envelope.Message);
        Assert.Null(envelope.Redaction);
    }

    [Fact]
    public void AnEnvelopeWithNothingToRedactKeepsItsArraysAndStrings()
    {
        var envelope = Some.Envelope(tags: [new KeyValue("region", S("eu-west-1"))]);
        var attributes = envelope.Attributes;
        var tags = envelope.Tags;
        var resource = envelope.Resource;
        var message = envelope.Message;
        var actor = envelope.Actor;

        Run(Defaults, envelope);

        Assert.Same(attributes, envelope.Attributes);
        Assert.Same(tags, envelope.Tags);
        Assert.Same(resource, envelope.Resource);
        Assert.Same(message, envelope.Message);
        Assert.Same(actor, envelope.Actor);
        Assert.Null(envelope.Redaction);
    }

    [Fact]
    public void ASharedResourceArrayIsCopiedNotChangedInPlace()
    {
        KeyValue[] shared = [new KeyValue("host.name", S("web-1")), new KeyValue("db.password", S("pw"))];
        var first = Some.Envelope(resource: shared);
        var second = Some.Envelope(resource: shared);

        Run(Defaults, first, second);

        Assert.Equal(S("pw"), shared[1].Value);
        Assert.Equal(S("[REDACTED]"), first.Resource[1].Value);
        Assert.Equal(["resource.db.password"], second.Redaction!.Keys);
    }

    [Fact]
    public void HashGivesTheSameTokenForTheSameValueAndADifferentOneOtherwise()
    {
        const string yaml = """
            processors:
              redaction:
                hash_key: 0123456789abcdef0123456789abcdef
                key_action: hash
                detectors:
                  email: hash
            """;
        var a = Some.Envelope(message: "from jane@example.com", attributes: [new KeyValue("password", S("hunter2"))]);
        var b = Some.Envelope(message: "to jane@example.com and bob@example.com", attributes: [new KeyValue("password", S("hunter2"))]);

        Run(yaml, a, b);

        var token = a.Message!["from ".Length..];
        Assert.Matches("^hash:[0-9a-f]{16}$", token);
        Assert.StartsWith($"to {token} and hash:", b.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, b.Message!["to ".Length..][token.Length..], StringComparison.Ordinal);
        Assert.Equal(a.Attributes[0].Value, b.Attributes[0].Value);
        Assert.Matches("^hash:[0-9a-f]{16}$", a.Attributes[0].Value.AsString);
    }

    [Fact]
    public void ADifferentHashKeyGivesDifferentTokens()
    {
        static string TokenWith(string key)
        {
            var yaml = $"""
                processors:
                  redaction:
                    hash_key: {key}
                    detectors: {"{"}email: hash{"}"}
                """;
            var envelope = Some.Envelope(message: "jane@example.com");
            Run(yaml, envelope);
            return envelope.Message!;
        }

        Assert.NotEqual(TokenWith("first-key-0123456789"), TokenWith("second-key-0123456789"));
    }

    [Fact]
    public void DropRemovesTheAttributeAndTheField()
    {
        const string yaml = """
            processors:
              redaction:
                key_action: drop
                detectors:
                  email: drop
            """;
        var envelope = Some.Envelope(
            message: "mail from jane@example.com",
            attributes: [new KeyValue("password", S("x")), new KeyValue("order.id", S("ord-1")), new KeyValue("contact", S("jane@example.com"))]);

        Run(yaml, envelope);

        Assert.Equal([new KeyValue("order.id", S("ord-1"))], envelope.Attributes);
        Assert.Null(envelope.Message);
        Assert.Equal(["password", "contact", "message"], envelope.Redaction!.Keys);
    }

    [Fact]
    public void AllowListModeRedactsEveryKeyNotListedAndIgnoredKeysAreNeverTouched()
    {
        const string yaml = """
            processors:
              redaction:
                allowed_keys: [order.id, http.*]
                ignored_keys: [support.email]
            """;
        var envelope = Some.Envelope(
            attributes:
            [
                new KeyValue("order.id", S("ord-1")),
                new KeyValue("http.route", S("/orders/{id}")),
                new KeyValue("customer.name", S("Jane Doe")),
                new KeyValue("support.email", S("help@example.com")),
                new KeyValue("http.password", S("pw")),
            ],
            resource: [new KeyValue("host.name", S("web-1"))]);

        Run(yaml, envelope);

        Assert.Equal(S("ord-1"), envelope.Attributes[0].Value);
        Assert.Equal(S("/orders/{id}"), envelope.Attributes[1].Value);
        Assert.Equal(S("[REDACTED]"), envelope.Attributes[2].Value);
        Assert.Equal(S("help@example.com"), envelope.Attributes[3].Value);
        Assert.Equal(S("[REDACTED]"), envelope.Attributes[4].Value);
        Assert.Equal(S("[REDACTED]"), envelope.Resource[0].Value);
    }

    [Fact]
    public void BlockedKeysCanBeAddedOrReplaceTheDefaults()
    {
        const string added = """
            processors:
              redaction:
                blocked_keys: [iban, "*_secret"]
            """;
        const string replaced = """
            processors:
              redaction:
                default_blocked_keys: false
                blocked_keys: [iban]
            """;
        KeyValue[] Attributes() => [new KeyValue("iban", S("DE89")), new KeyValue("client_secret", S("cs")), new KeyValue("password", S("pw"))];
        var withAdded = Some.Envelope(attributes: Attributes());
        var withReplaced = Some.Envelope(attributes: Attributes());

        Run(added, withAdded);
        Run(replaced, withReplaced);

        Assert.Equal(["iban", "client_secret", "password"], withAdded.Redaction!.Keys);
        Assert.Equal(["iban"], withReplaced.Redaction!.Keys);
        Assert.Equal(S("pw"), withReplaced.Attributes[2].Value);
    }

    [Fact]
    public void UserPatternsRedactWithTheirOwnLabelAndAction()
    {
        const string yaml = """
            processors:
              redaction:
                patterns:
                  - name: ticket
                    regex: 'TCK-[0-9]{6}'
                    contains: 'TCK-'
            """;
        var envelope = Some.Envelope(message: "see TCK-123456 and TCK-12 and ord-1001", tags: [new KeyValue("ref", S("TCK-654321"))]);

        Run(yaml, envelope);

        Assert.Equal("see [REDACTED:ticket] and TCK-12 and ord-1001", envelope.Message);
        Assert.Equal(S("[REDACTED:ticket]"), envelope.Tags[0].Value);
    }

    [Fact]
    public void DetectorsCanBeSwitchedOff()
    {
        const string yaml = """
            processors:
              redaction:
                detectors: {email: off}
            """;
        var envelope = Some.Envelope(message: "jane@example.com");
        Run(yaml, envelope);
        Assert.Equal("jane@example.com", envelope.Message);
    }

    [Fact]
    public void AnEmailAsActorIdIsRedactedToo()
    {
        var envelope = Some.Envelope(actor: new EntityRef { Type = "user", Id = "jane@example.com", Tags = [new KeyValue("tier", S("gold"))] });
        Run(Defaults, envelope);
        Assert.Equal("[REDACTED:email]", envelope.Actor!.Id);
        Assert.Equal("user", envelope.Actor.Type);
        Assert.Equal(["actor.id"], envelope.Redaction!.Keys);
    }

    [Fact]
    public void CountersReportRedactionsByRule()
    {
        using var counters = new MetricRecorder();
        const string yaml = """
            processors:
              redaction/counted: {}
            """;
        var processor = TestProcessors.Create<RedactionProcessor>(yaml, "redaction/counted");

        processor.Process([Some.Envelope(message: "a@example.com b@example.com", attributes: [new KeyValue("password", S("x"))]), Some.Envelope()]);

        Assert.Equal(2, counters.Sum("gateway_processor_redactions", "processor", "redaction/counted", "rule", "email"));
        Assert.Equal(1, counters.Sum("gateway_processor_redactions", "processor", "redaction/counted", "rule", "blocked_key"));
        Assert.Equal(1, counters.Sum("gateway_processor_redacted_envelopes", "processor", "redaction/counted"));
    }

    internal static void Run(string yaml, params EventEnvelope[] envelopes)
    {
        var processor = TestProcessors.Create<RedactionProcessor>(yaml, "redaction");
        processor.Process([.. envelopes]);
    }

    private static AttributeValue S(string value) => AttributeValue.FromString(value);
}
