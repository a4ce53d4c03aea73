using Gateway.Configuration;

namespace Gateway.Exporters.Otlp.Configuration;

/// <summary>The <c>otlp_http</c> exporter: OTLP/HTTP POSTs to <c>endpoint</c> + /v1/logs, or to <c>logs_endpoint</c> as written.</summary>
public sealed class OtlpHttpExporterOptions : OtlpExporterOptions
{
    /// <summary>The full URL of the logs path, when it is not /v1/logs under <see cref="OtlpExporterOptions.Endpoint"/>.</summary>
    public string? LogsEndpoint { get; set; }

    public OtlpHttpEncoding Encoding { get; set; } = OtlpHttpEncoding.Proto;

    protected override string EndpointExample => "https://collector:4318 (the logs go to /v1/logs under it)";

    /// <summary>Where the logs are POSTed.</summary>
    public Uri LogsUri => LogsEndpoint is { } full ? new Uri(full) : new Uri(Endpoint!.TrimEnd('/') + "/v1/logs");

    public override void Validate(OptionsValidationContext context)
    {
        if (LogsEndpoint is not null) Endpoint ??= LogsEndpoint;
        base.Validate(context);
        if (LogsEndpoint is not null) CheckUrl(context, "logs_endpoint", LogsEndpoint);
        else if (!string.IsNullOrWhiteSpace(Endpoint)) CheckUrl(context, "endpoint", Endpoint);
    }

    private static void CheckUrl(OptionsValidationContext context, string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            context.Error(key, $"'{value}' is not an http:// or https:// URL, e.g. https://collector:4318");
        }
    }
}
