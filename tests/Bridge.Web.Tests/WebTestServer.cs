using System.Net;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Roster;
using Bridge.Web.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Web.Tests;

/// <summary>
/// The web layer on a real Kestrel on 127.0.0.1 (a port of its own), composed as the service composes it
/// (<c>AddBridgeWeb</c>, <c>UseBridgeWebHeaders</c>, <c>MapBridgeWeb</c>), with fakes of the bridge's interfaces.
/// </summary>
internal sealed class WebTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebTestServer(WebApplication app, Uri address, FakeBrowserGateway? gateway, FakeRoomRoster roster, CapturedLog log)
    {
        _app = app;
        Address = address;
        Gateway = gateway;
        Roster = roster;
        Log = log;
    }

    public Uri Address { get; }

    /// <summary>The page's own origin, as a browser would send it.</summary>
    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    public Uri SocketUri => new($"ws://{Address.Authority}/ws");

    public FakeBrowserGateway? Gateway { get; }

    public FakeRoomRoster Roster { get; }

    public CapturedLog Log { get; }

    /// <summary>The member actions (hand, moderator controls) the sockets asked for.</summary>
    public FakeRoomMembers Members { get; private init; } = null!;

    /// <summary>The dial-outs the sockets asked for.</summary>
    public FakeDialOutActions DialOut { get; private init; } = null!;

    public static async Task<WebTestServer> StartAsync(BridgeWebOptions? options = null, bool withGateway = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var log = new CapturedLog();
        builder.Logging.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Debug);
        var gateway = withGateway ? new FakeBrowserGateway() : null;
        var roster = new FakeRoomRoster();
        if (gateway is not null)
        {
            builder.Services.AddSingleton<IBrowserGateway>(gateway);
        }

        builder.Services.AddSingleton<IRoomRoster>(roster);
        var members = new FakeRoomMembers();
        builder.Services.AddSingleton<Bridge.Conferencing.Members.IRoomMembers>(members);
        var dialOut = new FakeDialOutActions();
        builder.Services.AddSingleton<Bridge.Conferencing.DialOut.IDialOutActions>(dialOut);
        builder.Services.AddBridgeWeb(options);
        var app = builder.Build();
        app.UseBridgeWebHeaders();
        app.MapBridgeWeb();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new WebTestServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), gateway, roster, log) { Members = members, DialOut = dialOut };
    }

    /// <summary>Stops the host as the service's stop does (the test still disposes it).</summary>
    public Task StopAsync() => _app.StopAsync();

    public async Task<SignallingClient> ConnectAsync(string? origin = null) => await SignallingClient.ConnectAsync(SocketUri, origin ?? Origin);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
