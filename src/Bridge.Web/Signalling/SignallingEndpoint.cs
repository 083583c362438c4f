using System.Net;
using System.Net.WebSockets;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Members;
using Bridge.Conferencing.Roster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.Web.Signalling;

/// <summary>
/// <c>/ws</c>: the page's signalling socket (RFC 6455). The handshake is refused (403) unless <c>Origin</c> is the page's
/// own or an allowed one; 503 while the bridge has no browser gateway.
/// </summary>
internal static partial class SignallingEndpoint
{
    public const string Path = "/ws";

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.Map(Path, HandleAsync);

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignallingSession));
        var gate = services.GetRequiredService<LogGate>();
        var address = RemoteAddress(context);
        if (!services.GetRequiredService<OriginPolicy>().Allows(context.Request))
        {
            if (gate.TryEnter("foreign origin", out var suppressed))
            {
                LogForeignOrigin(logger, address, suppressed);
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var gateway = services.GetService<IBrowserGateway>();
        if (gateway is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var options = services.GetRequiredService<BridgeWebOptions>();
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.FromSeconds(20) }).ConfigureAwait(false);
        var session = new SignallingSession(socket, gateway, services.GetService<IRoomRoster>(), options,
            services.GetRequiredService<TimeProvider>(), address, gate, logger, services.GetService<IRoomMembers>(),
            services.GetService<Bridge.Conferencing.DialOut.IDialOutActions>());
        // A signalling socket lives as long as the call: on stop it closes at once, so the web server does not hold the
        // host's stop (and the SIP side's BYEs) until the shutdown timeout.
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        await using var onStop = stopping.Register(static state => ((SignallingSession)state!).OnHostStopping(), session).ConfigureAwait(false);
        await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The peer's address as the PIN policy counts it (IPv4-mapped IPv6 as IPv4, like the SIP side).</summary>
    private static IPAddress RemoteAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signalling: socket from {Address} refused: foreign Origin ({Suppressed} more since the last such line)")]
    private static partial void LogForeignOrigin(ILogger logger, IPAddress address, int suppressed);
}
