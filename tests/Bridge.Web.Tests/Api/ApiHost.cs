using System.Net.Http.Headers;
using Bridge.Conferencing.Admin;
using Bridge.Conferencing.Roster;
using Bridge.Conferencing.Metrics;
using Bridge.Conferencing.Records;
using Bridge.Web.Api;
using Bridge.Web.Metrics;
using Bridge.Web.Api.Tokens;
using Bridge.Web.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Web.Tests.Api;

/// <summary>The admin API in its own WebApplication on a loopback Kestrel port, over fakes of the bridge's contracts.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private WebApplication _app = null!;

    private ApiHost(string data)
    {
        DataDirectory = data;
    }

    public FakeConferenceAdmin Admin { get; } = new();

    public FakeRoster Roster { get; } = new();

    public FakeParticipantDetails Details { get; } = new();

    public FakeDialOutActions DialOut { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    public string DataDirectory { get; }

    public Uri Address { get; private set; } = null!;

    public ApiTokenStore Tokens => _app.Services.GetRequiredService<ApiTokenStore>();

    public IServiceProvider Services => _app.Services;

    public static Task<ApiHost> StartAsync(bool metrics = false, int? metricsPort = null, params IMetricsSource[] sources) => StartAsync(null, metrics, metricsPort, sources);

    public static async Task<ApiHost> StartAsync(ICallRecords? records, bool metrics = false, int? metricsPort = null, params IMetricsSource[] sources)
    {
        var data = Path.Combine(Path.GetTempPath(), "bridge-api-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls(metricsPort is { } port ? $"http://127.0.0.1:0;http://127.0.0.1:{port}" : "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var host = new ApiHost(data);
        builder.Services.AddSingleton<IConferenceAdmin>(host.Admin);
        builder.Services.AddSingleton<IRoomRoster>(host.Roster);
        builder.Services.AddSingleton<IParticipantDetails>(host.Details);
        builder.Services.AddSingleton<TimeProvider>(host.Time);
        builder.Services.AddSingleton<IServiceStatus>(new FakeServiceStatus());
        builder.Services.AddSingleton<Bridge.Conferencing.DialOut.IDialOutActions>(host.DialOut);
        builder.Services.AddAdminApi(new AdminApiOptions { DataDirectory = data, MaxAuthFailures = 10 });
        if (records is not null)
        {
            builder.Services.AddSingleton(records);
        }

        foreach (var source in sources)
        {
            builder.Services.AddSingleton(source);
        }
        var app = builder.Build();
        app.MapAdminApi();
        if (metrics)
        {
            app.MapBridgeMetrics(new MetricsOptions { DedicatedPort = metricsPort });
        }
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => metricsPort is null || !a.EndsWith($":{metricsPort}", StringComparison.Ordinal));
        host._app = app;
        host.Address = new Uri(address);
        return host;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public HttpClient Client(string? token = null, Uri? address = null)
    {
        var client = new HttpClient { BaseAddress = address ?? Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public string CreateToken(string name, ApiScope scope) => Tokens.Create(name, scope).Token;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
