using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;

namespace Gateway.Otlp.Receivers.Security;

/// <summary>
/// The <c>tls:</c> block of a protocol, as the collector's: a PEM certificate and key (reloaded when the files change)
/// and, for mutual TLS, the CA that client certificates must chain to.
/// </summary>
public sealed class TlsOptions : IValidatableOptions
{
    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>PEM bundle of the CA(s) a client certificate must chain to; presented certificates are checked against it.</summary>
    public string? ClientCaFile { get; set; }

    /// <summary>Refuses the TLS handshake of a client without a certificate signed by <see cref="ClientCaFile"/>.</summary>
    public bool RequireClientCertificate { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        var files = true;
        files &= RequireFile(context, "cert_file", CertFile, "cert_file: /etc/gateway/tls/server.crt");
        files &= RequireFile(context, "key_file", KeyFile, "key_file: /etc/gateway/tls/server.key");
        if (RequireClientCertificate && ClientCaFile is null)
        {
            context.Error("require_client_certificate", "needs client_ca_file: the PEM file of the CA that signs client certificates");
        }

        if (ClientCaFile is not null && RequireFile(context, "client_ca_file", ClientCaFile, "client_ca_file: /etc/gateway/tls/clients-ca.crt")) ValidateCaFile(context);
        if (!files) return;
        try
        {
            using var certificate = X509Certificate2.CreateFromPemFile(CertFile!, KeyFile);
            if (!certificate.HasPrivateKey) context.Error("key_file", $"'{KeyFile}' holds no private key for the certificate in '{CertFile}'");
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            context.Error("cert_file", $"'{CertFile}' and '{KeyFile}' are not a PEM certificate and its private key: {e.Message}");
        }
    }

    private void ValidateCaFile(OptionsValidationContext context)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(ClientCaFile!);
        }
        catch (CryptographicException e)
        {
            context.Error("client_ca_file", $"'{ClientCaFile}' is not a PEM certificate bundle: {e.Message}");
            return;
        }

        if (authorities.Count == 0) context.Error("client_ca_file", $"'{ClientCaFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    private static bool RequireFile(OptionsValidationContext context, string key, string? path, string example)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            context.Error(key, $"is required with tls:, e.g. {example}");
            return false;
        }

        if (File.Exists(path)) return true;
        context.Error(key, $"'{path}' does not exist");
        return false;
    }
}
