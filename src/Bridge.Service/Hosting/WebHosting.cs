using Bridge.Service.Configuration;
using Bridge.Service.Security;
using Bridge.Web;
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
    private static readonly Action<IEndpointRouteBuilder>[] Endpoints =
    [
        endpoints => endpoints.MapBridgeWeb(), // the room page, its assets and the signalling socket (Bridge.Web)
    ];

    /// <summary>Registers Kestrel's listeners and the web layer's services (before the host is built).</summary>
    public static void Configure(WebApplicationBuilder builder, BridgeOptions options)
    {
        var web = options.Web;
        builder.Services.AddBridgeWeb(new BridgeWebOptions { AllowedOrigins = web.AllowedOrigins });
        if (web.Http is null && web.Https is null)
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
        foreach (var map in Endpoints)
        {
            map(app);
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
