using Gateway.Configuration;

namespace Gateway.Otlp.Receivers.Security;

/// <summary>One accepted key: written inline (usually <c>${env:...}</c>) or read from a file (a mounted secret).</summary>
public sealed class ApiKeyOptions : IValidatableOptions
{
    /// <summary>A name for logs and metrics; the key itself is never logged.</summary>
    public string? Name { get; set; }

    public string? Key { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>Stamped on every envelope sent with this key (<c>scope: {type: tenant, id: acme}</c>) and matchable by routes.</summary>
    public KeyScopeOptions? Scope { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Key is null == KeyFile is null) context.Error("write exactly one of key: (e.g. key: ${env:GATEWAY_API_KEY}) or key_file: /run/secrets/gateway-key");
        if (Key is { Length: < 16 }) context.Error("key", "is shorter than 16 characters; use a long random key (e.g. openssl rand -hex 32)");
        if (KeyFile is not null && !File.Exists(KeyFile)) context.Error("key_file", $"'{KeyFile}' does not exist");
    }

    /// <summary>The key's text: inline, or the file's content with surrounding whitespace trimmed.</summary>
    public string ResolveKey() => Key ?? File.ReadAllText(KeyFile!).Trim();
}
