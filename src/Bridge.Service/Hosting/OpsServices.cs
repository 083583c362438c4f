using Bridge.Calls;
using Bridge.Conferencing;
using Bridge.Conferencing.Admin;
using Bridge.Conferencing.Metrics;
using Bridge.Conferencing.Records;
using Bridge.DialPlans;
using Bridge.Service.Configuration;
using Bridge.Service.Metrics;
using Bridge.Service.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>
/// Registers what the admin API and /metrics read (issue 13): the conference's admin actions, the participants' details, the
/// metrics sources and the call records (SQLite under <c>Bridge:Data</c>, purged by a Quartz job). The HTTP endpoints are mapped
/// by the web host (<c>MapAdminApi</c>, <c>MapBridgeMetrics</c>).
/// </summary>
internal static class OpsServices
{
    public static void Add(IServiceCollection services, BridgeOptions options)
    {
        // Singletons are made on first use (the first request or scrape); the service's start is now, while the host is built.
        var startedAt = TimeProvider.System.GetUtcNow();
        services.AddSingleton<IConferenceAdmin>(provider => provider.GetRequiredService<CallManager>().Conference);
        services.AddSingleton<IParticipantDetails>(provider => provider.GetRequiredService<CallManager>());
        services.AddSingleton<IServiceStatus>(provider => new ServiceStatus(
            provider.GetRequiredService<CallManager>(), provider.GetRequiredService<DialPlanWatcher>(), provider.GetRequiredService<TimeProvider>(), startedAt));
        services.AddSingleton<IMetricsSource>(provider => provider.GetRequiredService<CallManager>().Conference);
        services.AddSingleton<IMetricsSource>(provider => provider.GetRequiredService<CallManager>());
        services.AddSingleton<IMetricsSource>(provider => new ServiceMetricsSource(
            () => provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SipService>().FirstOrDefault()?.GuardStatisticsOrNull,
            provider.GetRequiredService<DialPlanWatcher>(),
            provider.GetRequiredService<TimeProvider>(),
            startedAt));
        services.AddSingleton<IMetricsSource>(_ => new RuntimeMetricsSource());
        services.AddSingleton<IMetricsSource>(provider => new RegistrationMetricsSource(
            () => provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<TrunkRegistrationService>().FirstOrDefault()?.States));

        services.AddSingleton(_ => new SqliteCallRecordStore(options.DataDirectory));
        services.AddSingleton(provider => new CallRecordKeeper(
            provider.GetRequiredService<SqliteCallRecordStore>(),
            options.Ops.RecordRetentionDays,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<CallRecordKeeper>>()));
        services.AddSingleton<ICallRecords>(provider => provider.GetRequiredService<CallRecordKeeper>());
        services.AddTransient<RecordsPurgeJob>();
        services.AddHostedService<CallRecordService>();
    }
}
