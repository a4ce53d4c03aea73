namespace Gateway.Processors.Redaction;

/// <summary>
/// The key names redacted unless <c>default_blocked_keys: false</c>; matched case-insensitively on the last key segment
/// and the whole key. <c>x-api-key</c> is there because OTel records HTTP headers as <c>http.request.header.x-api-key</c>.
/// </summary>
public static class DefaultBlockedKeys
{
    public static IReadOnlyList<string> All { get; } =
    [
        "password", "passwd", "pwd", "secret", "token",
        "api_key", "apikey", "api-key", "x-api-key",
        "authorization", "auth", "cookie", "set-cookie",
        "session_token", "private_key",
        "credit_card", "card_number", "cc_number", "cvv", "ssn",
    ];
}
