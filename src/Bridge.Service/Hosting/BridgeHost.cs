using System.Runtime;
using Bridge.DialPlans;
using Bridge.Media.Codecs;
using Bridge.Service.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;

namespace Bridge.Service.Hosting;

/// <summary>The composition root: configuration, Serilog, and the hosted services of the bridge.</summary>
internal static class BridgeHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = BridgeHostBuilder.Create(args);
        var options = BridgeOptionsReader.Read(builder.Configuration, builder.Environment.ContentRootPath, out var errors);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"configuration error: {error}").ConfigureAwait(false);
            }

            return 2;
        }

        string opus;
        try
        {
            opus = AudioCodecs.UseOpus(options.Opus);
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync($"configuration error: Bridge:Media:Opus: native: {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        var plan = DialPlanLoader.Load(options.DialPlans);
        if (!plan.Success)
        {
            foreach (var error in plan.Errors)
            {
                await Console.Error.WriteLineAsync($"dial plan error: {error}").ConfigureAwait(false);
            }

            return 2;
        }

        // Media runs on 20 ms deadlines: no blocking full collections while calls are up (background GC instead).
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        Directory.CreateDirectory(options.DataDirectory);
        Log.Logger = CreateLogger(builder.Configuration, options);
        try
        {
            builder.Services.AddSerilog();
            builder.Services.AddSystemd();
            builder.Services.AddWindowsService(o => o.ServiceName = "Bridge");
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
            BridgeServices.Add(builder.Services, options, plan.Plan!);
            WebHosting.Configure(builder, options);
            await using var host = builder.Build();
            WebHosting.Map(host);
            StartupReport.Write(host.Services, options, plan.Plan!, builder.Environment, opus);
            CallPathWarmUp.Start(host.Services.GetRequiredService<Bridge.Calls.CallManager>(),
                host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("Bridge.Service.Hosting.CallPathWarmUp"));
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.Fatal(exception, "Bridge stopped: {Reason}", exception.Message);
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    private static Serilog.Core.Logger CreateLogger(IConfiguration configuration, BridgeOptions options)
    {
        var logs = Path.Combine(options.DataDirectory, "logs");
        return new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(Path.Combine(logs, "bridge-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }
}
