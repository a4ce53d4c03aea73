using Gateway.Host.Hosting;
using Gateway.Otlp.Receivers;
using Gateway.Otlp.Receivers.Limits;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Otlp.Receivers.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Security;

/// <summary>
/// Security at the receivers' door: TLS on their listeners, then per request CORS (HTTP only), the API key,
/// max_concurrent_requests and read_timeout, in that order, so a preflight needs no key and an unauthenticated caller
/// holds no slot.
/// </summary>
public static class ReceiverSecurity
{
    public const string Grpc = "grpc";
    public const string Http = "http";

    public static IServiceCollection AddReceiverSecurity(this IServiceCollection services, OtlpReceiverOptions otlp)
    {
        if (otlp.AuthEnabled) services.AddSingleton(new ApiKeyAuthenticator(otlp.Auth!));
        if (otlp.Http?.Cors is not null) services.AddCors();
        return services;
    }

    /// <summary>Marks the listener's connections as the receiver's and, with <c>tls:</c>, serves it over TLS.</summary>
    public static void SecureListener(ListenOptions listener, OtlpProtocolEndpointOptions protocol, string transport)
    {
        listener.Use(next => connection =>
        {
            ReceiverConnection.Mark(connection, transport);
            return next(connection);
        });
        if (protocol.Tls is not { } tls) return;

        var logger = listener.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<ReloadingCertificate>();
        var certificate = new ReloadingCertificate(tls.CertFile!, tls.KeyFile!, logger);
        var clients = tls.ClientCaFile is null ? null : new ClientCertificateValidator(tls.ClientCaFile, logger);
        listener.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificate.Current,
            ClientCertificateMode = tls.RequireClientCertificate ? ClientCertificateMode.RequireCertificate
                : clients is not null ? ClientCertificateMode.AllowCertificate : ClientCertificateMode.NoCertificate,
            ClientCertificateValidation = clients is null ? null : clients.Validate,
        });
    }

    public static void UseReceiverSecurity(this WebApplication app, OtlpReceiverOptions otlp)
    {
        var authenticator = otlp.AuthEnabled ? app.Services.GetRequiredService<ApiKeyAuthenticator>() : null;
        if (otlp.Grpc is { } grpc)
        {
            app.UseWhen(context => ReceiverConnection.Is(context, Grpc), branch =>
            {
                Door(branch, Grpc);
                Gate(branch, grpc, Grpc, authenticator);
            });
        }

        if (otlp.Http is { } http)
        {
            app.UseWhen(context => ReceiverConnection.Is(context, Http), branch =>
            {
                Door(branch, Http);
                if (http.Cors is { } cors) branch.UseMiddleware<ReceiverCorsMiddleware>(ReceiverCorsPolicy.Create(cors, otlp.Auth));
                Gate(branch, http, Http, authenticator);
            });
        }
    }

    /// <summary>
    /// What every request meets first: its connection counts it as in flight (idle_timeout), every answer other than
    /// success is counted, and while the gateway drains on the way down new requests are answered 503 / UNAVAILABLE.
    /// </summary>
    private static void Door(IApplicationBuilder branch, string transport)
    {
        branch.Use(ReceiverConnectionActivity.TrackAsync);
        branch.UseMiddleware<RefusalCountingMiddleware>(transport);
        branch.UseMiddleware<DrainingMiddleware>(transport);
    }

    private static void Gate(IApplicationBuilder branch, OtlpProtocolEndpointOptions protocol, string transport, ApiKeyAuthenticator? authenticator)
    {
        if (authenticator is not null) branch.UseMiddleware<ReceiverAuthMiddleware>(authenticator, transport);
        branch.UseMiddleware<ConcurrentRequestLimitMiddleware>(protocol.MaxConcurrentRequests, transport);
        branch.UseMiddleware<ReadTimeoutMiddleware>(protocol.ReadTimeout, transport);
    }
}
