using Gateway.Configuration;
using YamlDotNet.RepresentationModel;

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
        if (string.IsNullOrEmpty(HashKey))
        {
            // Point at the line that asks for hashing: that is where the user's decision was made.
            if (FirstHashUser() is { } user)
            {
                var at = ChildOf(context.NodeOf(user.Key), user.Child, user.Index) ?? context.NodeOf(user.Key);
                context.Errors.Add(at, $"{context.Path}.{user.Path}: uses the hash action, which needs a secret key: write hash_key: ${{env:GATEWAY_REDACTION_HASH_KEY}} (at least {MinHashKeyLength} characters) under {context.Path}, or choose mask");
            }
        }
        else if (HashKey.Length < MinHashKeyLength)
        {
            context.Error("hash_key", $"is {HashKey.Length} characters long; use at least {MinHashKeyLength} random characters (e.g. the output of 'openssl rand -hex 32')");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in Patterns)
        {
            if (pattern.Name is not null && !names.Add(pattern.Name)) context.Error("patterns", $"two patterns are named '{pattern.Name}'; give each pattern its own name");
        }
    }

    /// <summary>The first setting that uses the hash action: its key, the child key or list index under it, and its path.</summary>
    private (string Key, string? Child, int Index, string Path)? FirstHashUser()
    {
        if (KeyAction == RedactionAction.Hash) return ("key_action", null, -1, "key_action");
        (string Name, RedactionAction Action)[] detectors =
        [
            ("email", Detectors.Email), ("payment_card", Detectors.PaymentCard), ("jwt", Detectors.Jwt),
            ("bearer_token", Detectors.BearerToken), ("aws_access_key", Detectors.AwsAccessKey), ("private_key", Detectors.PrivateKey),
        ];
        foreach (var (name, action) in detectors)
        {
            if (action == RedactionAction.Hash) return ("detectors", name, -1, $"detectors.{name}");
        }

        for (var i = 0; i < Patterns.Count; i++)
        {
            if (Patterns[i].Action == RedactionAction.Hash) return ("patterns", null, i, $"patterns[{i}].action");
        }

        return null;
    }

    private static YamlNode? ChildOf(YamlNode? node, string? key, int index) => node switch
    {
        YamlMappingNode mapping when key is not null => mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == key).Value,
        YamlSequenceNode sequence when index >= 0 && index < sequence.Children.Count => sequence.Children[index],
        _ => null,
    };

    private static void CheckKeys(OptionsValidationContext context, string key, List<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (string.IsNullOrWhiteSpace(pattern)) context.Error(key, "contains an empty entry: write a key name such as user.password or a glob such as *_secret");
        }
    }
}
