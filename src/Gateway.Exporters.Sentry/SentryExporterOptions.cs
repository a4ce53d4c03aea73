using Gateway.Configuration;
using Gateway.Exporters.Sentry.Grouping;
using Gateway.Exporters.Sentry.Transport;

namespace Gateway.Exporters.Sentry;

/// <summary>The options of a <c>sentry</c> exporter.</summary>
public sealed class SentryExporterOptions : ExporterOptions
{
    /// <summary>The DSN for events whose service matches no <see cref="DsnByService"/> pattern.</summary>
    public string? Dsn { get; set; }

    /// <summary>Service name glob (<c>*</c>, <c>?</c>) to DSN, first match in the order written, so each team's services land in their own project.</summary>
    public Dictionary<string, string> DsnByService { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Overrides the envelope's environment (e.g. one gateway per environment whose apps do not set it).</summary>
    public string? Environment { get; set; }

    /// <summary>Module, package or path prefixes of the users' own code; when empty each runtime's usual library prefixes are out of app.</summary>
    public List<string> InAppInclude { get; set; } = [];

    /// <summary>Attribute keys whose values also become Sentry tags (searchable, shown in the tag sidebar).</summary>
    public List<string> TagAttributes { get; set; } = [];

    /// <summary>Fingerprint of events without a parsed stack; templates as listed in <see cref="FingerprintTemplate.Placeholders"/>.</summary>
    public List<string> Fingerprint { get; set; } = ["{service}", "{error.name}", "{message}"];

    /// <summary>Per request to Sentry; a timeout is a retryable outcome.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public override void Validate(OptionsValidationContext context)
    {
        if (Dsn is null && DsnByService.Count == 0)
        {
            context.Error("dsn", $"a sentry exporter needs 'dsn' or 'dsn_by_service'; write dsn: {SentryDsn.ExpectedForm}");
        }

        if (Dsn is not null && !SentryDsn.TryParse(Dsn, out _, out var error)) context.Error("dsn", error);
        foreach (var (pattern, dsn) in DsnByService)
        {
            if (string.IsNullOrWhiteSpace(pattern)) context.Error("dsn_by_service", "a service pattern is empty; write e.g. 'checkout-*: https://<key>@<host>/<project_id>'");
            if (!SentryDsn.TryParse(dsn, out _, out var serviceError)) context.Error("dsn_by_service", $"'{pattern}': {serviceError}");
        }

        foreach (var prefix in InAppInclude)
        {
            if (string.IsNullOrWhiteSpace(prefix)) context.Error("in_app_include", "an entry is empty; write a module or path prefix such as 'Shop.' or 'com.acme.'");
        }

        foreach (var key in TagAttributes)
        {
            if (string.IsNullOrWhiteSpace(key)) context.Error("tag_attributes", "an entry is empty; write an attribute key such as 'http.route'");
        }

        if (Fingerprint.Count == 0) context.Error("fingerprint", "must have at least one entry; the default is [\"{service}\", \"{error.name}\", \"{message}\"]");
        foreach (var template in Fingerprint)
        {
            if (!FingerprintTemplate.TryParse(template, out _, out var templateError)) context.Error("fingerprint", templateError);
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5)) context.Error("timeout", $"must be between 1ms and 5m, e.g. 10s; got {Timeout}");
    }
}
