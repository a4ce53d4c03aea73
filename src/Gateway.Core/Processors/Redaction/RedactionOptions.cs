using Gateway.Configuration;

namespace Gateway.Processors.Redaction;

/// <summary>The <c>processors: redaction:</c> block.</summary>
public sealed class RedactionOptions : IValidatableOptions
{
    /// <summary>Shortest HMAC key accepted: a short key makes the hash tokens guessable by brute force.</summary>
    public const int MinHashKeyLength = 16;

    /// <summary>What happens to the value of a blocked key (or, in allow-list mode, of a key not allowed).</summary>
    public RedactionAction KeyAction { get; set; } = RedactionAction.Mask;

    /// <summary>Whether <see cref="DefaultBlockedKeys"/> apply; false means only <see cref="BlockedKeys"/> do.</summary>
    public bool DefaultBlockedKeys { get; set; } = true;

    /// <summary>More blocked key patterns (names or globs such as <c>*_secret</c>), added to the defaults.</summary>
    public List<string> BlockedKeys { get; set; } = [];

    /// <summary>Allow-list mode when not empty: every key not listed here (or in <see cref="IgnoredKeys"/>) is redacted.</summary>
    public List<string> AllowedKeys { get; set; } = [];

    /// <summary>Keys never touched: no key rule and no value detector looks at them.</summary>
    public List<string> IgnoredKeys { get; set; } = [];

    public RedactionDetectorOptions Detectors { get; set; } = new();

    public List<RedactionPatternOptions> Patterns { get; set; } = [];

    /// <summary>The HMAC-SHA256 key of the <c>hash</c> action; write it as <c>${env:NAME}</c>, never in the file.</summary>
    public string? HashKey { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        CheckKeys(context, "blocked_keys", BlockedKeys);
        CheckKeys(context, "allowed_keys", AllowedKeys);
        CheckKeys(context, "ignored_keys", IgnoredKeys);
        var hashUser = FirstHashUser();
        if (hashUser is not null && string.IsNullOrEmpty(HashKey))
        {
            context.Error("hash_key", $"{hashUser} uses the hash action, which needs a secret key: write hash_key: ${{env:GATEWAY_REDACTION_HASH_KEY}} (at least {MinHashKeyLength} characters) or choose mask");
        }
        else if (HashKey is { Length: > 0 and < MinHashKeyLength })
        {
            context.Error("hash_key", $"is {HashKey.Length} characters long; use at least {MinHashKeyLength} random characters (e.g. the output of 'openssl rand -hex 32')");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in Patterns)
        {
            if (pattern.Name is not null && !names.Add(pattern.Name)) context.Error("patterns", $"two patterns are named '{pattern.Name}'; give each pattern its own name");
        }
    }

    private string? FirstHashUser()
    {
        if (KeyAction == RedactionAction.Hash) return "key_action";
        if (Detectors.Email == RedactionAction.Hash) return "detectors.email";
        if (Detectors.PaymentCard == RedactionAction.Hash) return "detectors.payment_card";
        if (Detectors.Jwt == RedactionAction.Hash) return "detectors.jwt";
        if (Detectors.BearerToken == RedactionAction.Hash) return "detectors.bearer_token";
        if (Detectors.AwsAccessKey == RedactionAction.Hash) return "detectors.aws_access_key";
        if (Detectors.PrivateKey == RedactionAction.Hash) return "detectors.private_key";
        foreach (var pattern in Patterns)
        {
            if (pattern.Action == RedactionAction.Hash) return $"patterns ({pattern.Name})";
        }

        return null;
    }

    private static void CheckKeys(OptionsValidationContext context, string key, List<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (string.IsNullOrWhiteSpace(pattern)) context.Error(key, "contains an empty entry: write a key name such as user.password or a glob such as *_secret");
        }
    }
}
