using Gateway.Configuration;

namespace Gateway.Exporters.Elasticsearch.Configuration;

/// <summary>The <c>tls:</c> block: trust a private CA (self-managed clusters) or, for tests only, trust anything.</summary>
public sealed class ElasticsearchTlsOptions : IValidatableOptions
{
    /// <summary>PEM file with the CA certificate(s) that signed the cluster's certificate (e.g. Elasticsearch's http_ca.crt).</summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// SHA-256 fingerprint of the CA certificate (hex, colons allowed), as Elasticsearch prints it at its first start:
    /// the certificate is accepted when that CA is in its chain.
    /// </summary>
    public string? CaFingerprint { get; set; }

    /// <summary>Accept any server certificate. Opt-in only: it removes the protection TLS exists for.</summary>
    public bool InsecureSkipVerify { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (CaFile is not null && !File.Exists(CaFile))
        {
            context.Error("ca_file", $"file '{CaFile}' not found (working directory {Directory.GetCurrentDirectory()}); write the path of the CA certificate in PEM form, e.g. ./certs/http_ca.crt");
        }

        if (CaFingerprint is not null && !IsSha256Hex(CaFingerprint))
        {
            context.Error("ca_fingerprint", $"'{CaFingerprint}' is not a SHA-256 fingerprint: write the 64 hex digits Elasticsearch printed (colons allowed), e.g. from openssl x509 -fingerprint -sha256 -in http_ca.crt");
        }

        if ((CaFile is null ? 0 : 1) + (CaFingerprint is null ? 0 : 1) + (InsecureSkipVerify ? 1 : 0) > 1)
        {
            context.Error(InsecureSkipVerify ? "insecure_skip_verify" : "ca_fingerprint", "give only one of ca_file, ca_fingerprint or insecure_skip_verify: true");
        }
    }

    private static bool IsSha256Hex(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiHexDigit(c)) digits++;
            else if (c != ':') return false;
        }

        return digits == 64;
    }
}
