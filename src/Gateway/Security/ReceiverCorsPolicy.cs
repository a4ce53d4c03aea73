using Gateway.Otlp.Receivers.Security;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;
using CorsOptions = Gateway.Otlp.Receivers.Security.CorsOptions;

namespace Gateway.Host.Security;

/// <summary>Builds ASP.NET Core's CORS policy from the receiver's <c>cors:</c> block.</summary>
public static class ReceiverCorsPolicy
{
    public static CorsPolicy Create(CorsOptions options, ReceiverAuthOptions? auth)
    {
        var builder = new CorsPolicyBuilder();
        if (options.AllowedOrigins.Contains("*")) builder.AllowAnyOrigin();
        else builder.WithOrigins([.. options.AllowedOrigins]).SetIsOriginAllowedToAllowWildcardSubdomains();

        // What an OTLP/HTTP browser exporter sends: a POST with its content type, maybe gzip, and the key.
        if (options.AllowedHeaders.Contains("*")) builder.AllowAnyHeader();
        else builder.WithHeaders([HeaderNames.ContentType, HeaderNames.ContentEncoding, auth?.Header ?? HeaderNames.Authorization, .. options.AllowedHeaders]);

        builder.WithMethods("POST").WithExposedHeaders(HeaderNames.RetryAfter).SetPreflightMaxAge(options.MaxAge);
        if (options.AllowCredentials) builder.AllowCredentials();
        return builder.Build();
    }
}
