using System.Text;

namespace Gateway.Processors.Redaction;

/// <summary>Validated options compiled once at start: key sets, detectors in the order they run, the HMAC key.</summary>
public sealed class RedactionRules
{
    public const string KeyMask = "[REDACTED]";

    private RedactionRules(KeyRules keys, ValueDetector[] detectors, RedactionHasher? hasher)
    {
        Keys = keys;
        Detectors = detectors;
        Hasher = hasher;
    }

    public KeyRules Keys { get; }

    /// <summary>Only the detectors that are switched on, in the order they run.</summary>
    public ValueDetector[] Detectors { get; }

    public RedactionHasher? Hasher { get; }

    public static RedactionRules Compile(RedactionOptions options)
    {
        // A PEM block and a bearer token may contain what later detectors would find piecemeal, so they go first.
        var candidates = new List<ValueDetector>
        {
            new PrivateKeyDetector(options.Detectors.PrivateKey),
            new BearerTokenDetector(options.Detectors.BearerToken),
            new JwtDetector(options.Detectors.Jwt),
            new AwsAccessKeyDetector(options.Detectors.AwsAccessKey),
            new EmailDetector(options.Detectors.Email),
            new PaymentCardDetector(options.Detectors.PaymentCard),
        };
        foreach (var pattern in options.Patterns)
        {
            if (!RedactionPatternOptions.TryCompile(pattern.Regex!, out var regex, out var problem))
            {
                throw new ArgumentException($"pattern '{pattern.Name}' does not compile: {problem}", nameof(options));
            }

            candidates.Add(new PatternDetector(pattern.Name!, regex!, pattern.Contains, pattern.Action));
        }

        var detectors = candidates.FindAll(static d => d.Action != RedactionAction.Off).ToArray();
        var hasher = string.IsNullOrEmpty(options.HashKey) ? null : new RedactionHasher(Encoding.UTF8.GetBytes(options.HashKey));
        return new RedactionRules(new KeyRules(options), detectors, hasher);
    }
}
