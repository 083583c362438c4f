using Bridge.Calls;
using Bridge.Conferencing;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Roster;
using Bridge.DialPlans;
using Bridge.Service.Configuration;
using Bridge.Service.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Bridge.Service.Hosting;

/// <summary>Registers the bridge's parts; the hosted services start in the order they are added.</summary>
internal static class BridgeServices
{
    public static void Add(IServiceCollection services, BridgeOptions options, DialPlan initialPlan)
    {
        services.AddSingleton(provider => new DialPlanWatcher(
            options.DialPlans, initialPlan, provider.GetRequiredService<ILoggerFactory>().CreateLogger<DialPlanWatcher>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDialPlanProvider>(provider => provider.GetRequiredService<DialPlanWatcher>());
        services.AddSingleton(provider => new PinPolicy(
            options.Pins with { StateFile = Path.Combine(options.DataDirectory, "pin-failures.json") },
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<PinPolicy>>()));
        services.AddSingleton(provider => new CallManager(
            new CallsOptions
            {
                MediaAddress = options.MediaAddress,
                PublicAddress = options.MediaPublicAddress,
                RtpPortLow = options.RtpPortLow,
                RtpPortHigh = options.RtpPortHigh,
                RtpTimeout = options.RtpTimeout,
                AnswerDelay = options.AnswerDelay,
                PromptsDirectory = options.PromptsDirectory,
                MaxCallsPerSource = options.MaxCallsPerSource,
                MaxCalls = options.MaxCalls,
                MixerRealtimePriority = options.MixerRealtimePriority,
                ReceiveThreads = options.MediaReceiveThreads,
            },
            audio => new ConferenceService(
                provider.GetRequiredService<IDialPlanProvider>(),
                provider.GetRequiredService<PinPolicy>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>(),
                audio),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        // Browser participants (issue 9): the web layer resolves these two.
        services.AddSingleton<IBrowserGateway>(provider => provider.GetRequiredService<CallManager>().BrowserGateway);
        services.AddSingleton<IRoomRoster>(provider => provider.GetRequiredService<CallManager>().Roster);
        services.AddSingleton<Bridge.Conferencing.Members.IRoomMembers>(provider => provider.GetRequiredService<CallManager>().Conference);
        services.AddSingleton<Bridge.Conferencing.DialOut.IDialOutActions>(provider => provider.GetRequiredService<CallManager>().Conference);
        services.AddHostedService<SipService>();
        services.AddHostedService<TrunkRegistrationService>();
        services.AddHostedService<MixerStatsReporter>();
        services.AddHostedService<GcThreadShare>();
        services.AddHostedService<GcPacer>();

        // Scheduled meetings: Quartz (in memory) fires each scheduled room's next event.
        services.AddQuartz(quartz => quartz.UseTimeProvider(TimeProvider.System));
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = false);
        services.AddSingleton<MeetingScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<MeetingScheduler>());
        OpsServices.Add(services, options);
    }
}
