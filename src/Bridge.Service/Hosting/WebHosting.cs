using Bridge.Service.Configuration;
using Bridge.Service.Security;
using Bridge.Web;
using Bridge.Web.Api;
using Bridge.Web.Api.SignIn;
using Bridge.Web.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>
/// The bridge's one HTTP host (issue 9): Kestrel on <c>Bridge:Web:Http</c> and <c>Bridge:Web:Https</c> (HTTPS with the
/// SIP-over-TLS certificate, or the development one), in the same host, services and Serilog pipeline as SIP.
/// Everything reachable over HTTP is mapped in <see cref="Endpoints"/>: add a part of the web host there.
/// </summary>
internal static partial class WebHosting
{
    /// <summary>
    /// The HTTP surface, mapped in this order on the one host. The plug-in point for other HTTP parts (the admin
    /// API under <c>/api/v1</c>, <c>/metrics</c>): one more <c>IEndpointRouteBuilder</c> extension in this list.
    /// </summary>
    private static readonly Action<IEndpointRouteBuilder, BridgeOptions>[] Endpoints =
    [
        (endpoints, _) => endpoints.MapBridgeWeb(), // the room page, its assets and the signalling socket (Bridge.Web)
        (endpoints, _) => endpoints.MapAdminApi(), // the admin API under /api/v1, bearer tokens (Bridge.Web/Api)
        (endpoints, _) => endpoints.MapAdminSignIn(), // /admin/session, /admin/signin, /admin/signout (Bridge:Admin:Oidc, Bridge.Web/Api/SignIn)
        (endpoints, options) => endpoints.MapBridgeMetrics(new MetricsOptions { DedicatedPort = options.Ops.MetricsAddress?.Port }), // /metrics
    ];

    /// <summary>Registers Kestrel's listeners and the web layer's services (before the host is built).</summary>
    public static void Configure(WebApplicationBuilder builder, BridgeOptions options)
    {
        var web = options.Web;
        builder.Services.AddBridgeWeb(new BridgeWebOptions { AllowedOrigins = web.AllowedOrigins });
        builder.Services.AddAdminApi(new AdminApiOptions
        {
            DataDirectory = options.DataDirectory,
            MaxAuthFailures = options.Ops.ApiAuthFailuresPerMinute,
            Version = ProductVersion.Text,
        });
        builder.Services.AddAdminSignIn(options.AdminOidc);
        var metrics = options.Ops.MetricsAddress;
        if (web.Http is null && web.Https is null && metrics is null)
        {
            // Both disabled: no listener at all (Kestrel would otherwise fall back to localhost:5000).
            builder.Services.AddSingleton<IServer, NoWebServer>();
            return;
        }

        if (web.Https is not null)
        {
            builder.Services.AddSingleton(provider => WebCertificate.Create(options, provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>()));
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            if (web.Http is not null)
            {
                kestrel.Listen(web.Http);
            }

            if (metrics is not null)
            {
                kestrel.Listen(metrics); // /metrics without a token answers only here (on the web ports it is 404)
            }

            if (web.Https is not null)
            {
                var certificate = kestrel.ApplicationServices.GetRequiredService<WebCertificate>();
                kestrel.Listen(web.Https, listen => listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificate.Current));
            }
        });
    }

    /// <summary>Adds the pipeline and maps <see cref="Endpoints"/> (after the host is built).</summary>
    public static void Map(WebApplication app)
    {
        app.UseBridgeWebHeaders();
        app.UseAdminSignIn(); // the OpenID Connect callback, when Bridge:Admin:Oidc is configured
        var options = app.Services.GetRequiredService<BridgeOptions>();
        foreach (var map in Endpoints)
        {
            map(app, options);
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Bridge.Service.Web");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            foreach (var address in addresses ?? [])
            {
                LogListening(logger, address);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web listening on {Address}")]
    private static partial void LogListening(ILogger logger, string address);
}
