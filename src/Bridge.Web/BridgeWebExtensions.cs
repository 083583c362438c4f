using Bridge.Web.Page;
using Bridge.Web.Signalling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bridge.Web;

/// <summary>
/// How a host takes the browser side of the bridge: <see cref="AddBridgeWeb"/> registers its parts,
/// <see cref="UseBridgeWebHeaders"/> adds the security headers and WebSockets to the pipeline, and
/// <see cref="MapBridgeWeb"/> maps the room page (<c>/</c>, <c>/rooms/{number}</c>, <c>/assets/…</c>), the admin dashboard
/// (<c>/admin</c>, which uses the admin API with a token the user types) and the
/// signalling socket (<c>/ws</c>). The bridge's <c>IBrowserGateway</c> and <c>IRoomRoster</c> come from the host's services.
/// </summary>
public static class BridgeWebExtensions
{
    public static IServiceCollection AddBridgeWeb(this IServiceCollection services, BridgeWebOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(options ?? new BridgeWebOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PageAssets>();
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton(provider => new LogGate(provider.GetRequiredService<TimeProvider>(), TimeSpan.FromMinutes(1)));
        return services;
    }

    /// <summary>Security headers on every answer (CSP, nosniff, no referrer, no framing) and the WebSocket protocol.</summary>
    public static IApplicationBuilder UseBridgeWebHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(SecurityHeaders.Middleware);
        app.UseWebSockets();
        return app;
    }

    public static IEndpointRouteBuilder MapBridgeWeb(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        PageEndpoints.Map(endpoints);
        AdminPageEndpoints.Map(endpoints);
        SignallingEndpoint.Map(endpoints);
        return endpoints;
    }
}
