using System.Text.Json;
using Gateway.Envelope;

namespace Gateway.Testing.Redaction;

/// <summary>
/// Known secrets planted in every place redaction must reach (attributes at any depth, actor/scope tags, tags,
/// resource, structured body, message, title, error message and stack), next to look-alike values that must survive.
/// Used at processor level here and end to end (OTLP in, file out) by the host's tests.
/// </summary>
public static class RedactionCanary
{
    public const string Password = "hunter2-canary-pw";
    public const string Email = "jane.canary@example.com";
    public const string CardWithSpaces = "4111 1111 1111 1111";
    public const string CardWithDashes = "5555-5555-5555-4444";
    public const string CardPlain = "378282246310005";
    public const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYW5hcnktdXNlciJ9.c2lnbmF0dXJlLWNhbmFyeQ";
    public const string BearerToken = "canaryBearer.9f8e7d6c5b4a";
    public const string AwsAccessKeyId = "AKIAIOSFODNN7CANARY1";
    public const string PemBodyLine = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCanary";
    public const string ApiKey = "sk_live_canary_51HqZ2eZvKYlo2C";
    public const string SessionToken = "st-canary-7d2f9a";
    public const string Ssn = "078-05-1120";
    public const string Cookie = "sid=canary-cookie-31337";
    public const string Cvv = "737-canary-cvv";

    /// <summary>A 16-digit order id that fails the Luhn check: must not be mistaken for a card.</summary>
    public const string LuhnFailingOrderId = "4929000012345678";

    public const string OrderId = "ord-1001";
    public const string Url = "https://shop.example.com/orders/1001?page=2";
    public const string EpochMillis = "1732368000000";

    public static string PrivateKeyPem => $"-----BEGIN PRIVATE KEY-----\n{PemBodyLine}\nAnotherLineOfKeyMaterialCanary==\n-----END PRIVATE KEY-----";

    /// <summary>Strings that must not appear anywhere in the exported output.</summary>
    public static IReadOnlyList<string> Secrets { get; } =
    [
        Password, Email, CardWithSpaces, CardWithDashes, CardPlain, Jwt, BearerToken, AwsAccessKeyId, PemBodyLine,
        "AnotherLineOfKeyMaterialCanary", ApiKey, SessionToken, Ssn, Cookie, Cvv,
    ];

    /// <summary>Non-secret values next to the secrets that must come out unchanged.</summary>
    public static IReadOnlyList<string> Neighbours { get; } =
    [
        OrderId, Url, LuhnFailingOrderId, EpochMillis, "paid order ord-1001 with card", "Bearer", "checkout failed for order",
        "at Shop.Checkout.Pay()", "web-1", "premium", "eu-west-1",
    ];

    /// <summary>
    /// Fresh envelopes (redaction rewrites in place): one info event with a text body and one error with a structured
    /// body, secrets everywhere. <see cref="RedactionCanaryOtlp"/> sends the same records over OTLP.
    /// </summary>
    public static List<EventEnvelope> Envelopes() =>
    [
        Some.Envelope(
            name: "checkout.paid",
            message: $"Customer {Email} paid order {OrderId} with card {CardWithSpaces}",
            attributes:
            [
                new KeyValue("password", Str(Password)),
                new KeyValue("user.email", Str(Email)),
                new KeyValue("order.id", Str(OrderId)),
                new KeyValue("order.reference", Str(LuhnFailingOrderId)),
                new KeyValue("order.url", Str(Url)),
                new KeyValue("order.total_cents", AttributeValue.FromLong(4999)),
                new KeyValue("created_ms", Str(EpochMillis)),
                new KeyValue("http.request.header.authorization", Str($"Bearer {BearerToken}")),
                new KeyValue("http", Map(
                    new KeyValue("request", Map(
                        new KeyValue("headers", Map(
                            new KeyValue("Cookie", Str(Cookie)),
                            new KeyValue("X-Api-Key", Str(ApiKey)),
                            new KeyValue("accept", Str("application/json")))))))),
                new KeyValue("payment.cards", AttributeValue.FromArray([Str(CardWithDashes), Str(OrderId), Map(new KeyValue("cvv", Str(Cvv)))])),
                new KeyValue("debug.note", Str($"retrying with Authorization: Bearer {BearerToken}")),
            ],
            actor: new EntityRef { Type = "user", Id = "u-42", Tags = [new KeyValue("ssn", Str(Ssn)), new KeyValue("tier", Str("premium"))] },
            scope: new EntityRef { Type = "tenant", Id = "acme", Tags = [new KeyValue("api_key", Str(ApiKey)), new KeyValue("contact", Str(Email))] },
            tags: [new KeyValue("session_token", Str(SessionToken)), new KeyValue("region", Str("eu-west-1"))],
            resource: [new KeyValue("host.name", Str("web-1")), new KeyValue("deploy.credentials_note", Str($"deployed with {AwsAccessKeyId}"))]),
        WithBodyAndError(Some.Envelope(
            name: "checkout.failed",
            level: EventLevel.Error,
            message: null,
            error: Some.Error(message: $"checkout failed for order {OrderId}: token {Jwt} rejected for {Email}", stack: $"at Shop.Checkout.Pay()\n{PrivateKeyPem}"))),
    ];

    /// <summary>Every string (property names and values, decoded) of each JSON document, for checks that escaping cannot fool.</summary>
    public static string DecodedText(IEnumerable<string> jsonDocuments)
    {
        var text = new System.Text.StringBuilder();
        foreach (var json in jsonDocuments)
        {
            using var document = JsonDocument.Parse(json);
            Collect(document.RootElement, text);
        }

        return text.ToString();
    }

    /// <summary>The secrets found in the output (empty when redaction worked); checked in the raw and the decoded text.</summary>
    public static List<string> Leaks(IReadOnlyList<string> jsonDocuments)
    {
        var raw = string.Join('\n', jsonDocuments);
        var decoded = DecodedText(jsonDocuments);
        return [.. Secrets.Where(s => raw.Contains(s, StringComparison.Ordinal) || decoded.Contains(s, StringComparison.Ordinal))];
    }

    /// <summary>The neighbours missing from the output (empty when redaction left them alone).</summary>
    public static List<string> MissingNeighbours(IReadOnlyList<string> jsonDocuments)
    {
        var decoded = DecodedText(jsonDocuments);
        return [.. Neighbours.Where(n => !decoded.Contains(n, StringComparison.Ordinal))];
    }

    private static EventEnvelope WithBodyAndError(EventEnvelope envelope)
    {
        envelope.Title = $"Payment rejected: {Jwt}";
        envelope.Body = Map(
            new KeyValue("payment", Map(
                new KeyValue("card_number", Str(CardWithSpaces)),
                new KeyValue("note", Str($"card {CardPlain} declined, order {LuhnFailingOrderId}")))),
            new KeyValue("secret", Str(Password)),
            new KeyValue("aws", AttributeValue.FromArray([Str(AwsAccessKeyId), Str("eu-west-1")])));
        return envelope;
    }

    private static void Collect(JsonElement element, System.Text.StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    text.Append(property.Name).Append('\n');
                    Collect(property.Value, text);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Collect(item, text);
                break;
            case JsonValueKind.String:
                text.Append(element.GetString()).Append('\n');
                break;
            default:
                text.Append(element.GetRawText()).Append('\n');
                break;
        }
    }

    private static AttributeValue Str(string value) => AttributeValue.FromString(value);

    private static AttributeValue Map(params KeyValue[] entries) => AttributeValue.FromMap(entries);
}
