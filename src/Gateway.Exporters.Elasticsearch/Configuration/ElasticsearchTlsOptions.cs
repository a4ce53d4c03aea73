using Gateway.Configuration;

namespace Gateway.Exporters.Elasticsearch.Configuration;

/// <summary>The <c>tls:</c> block: trust a private CA (self-managed clusters) or, for tests only, trust anything.</summary>
public sealed class ElasticsearchTlsOptions : IValidatableOptions
{
    /// <summary>PEM file with the CA certificate(s) that signed the cluster's certificate (e.g. Elasticsearch's http_ca.crt).</summary>
    public string? CaFile { get; set; }

    /// <summary>Accept any server certificate. Opt-in only: it removes the protection TLS exists for.</summary>
    public bool InsecureSkipVerify { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (CaFile is not null && !File.Exists(CaFile))
        {
            context.Error("ca_file", $"file '{CaFile}' not found (working directory {Directory.GetCurrentDirectory()}); write the path of the CA certificate in PEM form, e.g. ./certs/http_ca.crt");
        }

        if (CaFile is not null && InsecureSkipVerify)
        {
            context.Error("insecure_skip_verify", "cannot be combined with ca_file: either trust that CA or skip verification, not both");
        }
    }
}
