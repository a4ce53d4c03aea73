using Gateway.Configuration;

namespace Gateway.Exporters.Otlp.Configuration;

/// <summary>
/// The <c>tls:</c> block, named as the collector's client TLS settings: plaintext for an endpoint without a scheme
/// (<c>insecure</c>), a private CA, a client certificate for mutual TLS, or (tests only) trusting anything.
/// </summary>
public sealed class OtlpClientTlsOptions : IValidatableOptions
{
    /// <summary>For an endpoint written as host:port (no scheme): send in plaintext. An http:// or https:// endpoint says it itself.</summary>
    public bool Insecure { get; set; }

    /// <summary>Accept any server certificate. Opt-in only: it removes the protection TLS exists for.</summary>
    public bool InsecureSkipVerify { get; set; }

    /// <summary>PEM file with the CA certificate(s) that signed the server's certificate.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate (with <see cref="KeyFile"/>) for servers that require mutual TLS.</summary>
    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        foreach (var (key, path) in new[] { ("ca_file", CaFile), ("cert_file", CertFile), ("key_file", KeyFile) })
        {
            if (path is not null && !File.Exists(path)) context.Error(key, $"file '{path}' not found (working directory {Directory.GetCurrentDirectory()}); write the path of a PEM file, e.g. ./certs/{key.Replace("_file", "", StringComparison.Ordinal)}.pem");
        }

        if ((CertFile is null) != (KeyFile is null)) context.Error(CertFile is null ? "key_file" : "cert_file", "cert_file and key_file go together: the client certificate and its private key");
        if (CaFile is not null && InsecureSkipVerify) context.Error("insecure_skip_verify", "cannot be combined with ca_file: either trust that CA or skip verification, not both");
    }
}
