using Bridge.Conferencing.Prompts;
using Bridge.DialPlans;
using Bridge.Service.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>What an admin wants to see at start: the version, the dial plan in use, and in Development the demo PINs.</summary>
internal static partial class StartupReport
{
    public static void Write(IServiceProvider services, BridgeOptions options, DialPlan plan, IHostEnvironment environment, string opus)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Bridge.Service.Startup");
        LogVersion(logger, ProductVersion.Describe());
        LogPlan(logger, plan.Files.Count, plan.RouteCount, plan.Rooms.Count, options.DialPlans);
        LogOpus(logger, opus);
        LogSrtp(logger, Bridge.Rtp.Srtp.SrtpCrypto.Describe());
        LogGc(logger, GcDescription.Describe());
        LogNativeHeap(logger, NativeHeap.Describe());
        var missing = PromptCatalog.Missing(options.PromptsDirectory);
        if (missing.Count > 0)
        {
            LogMissingPrompts(logger, missing.Count, options.PromptsDirectory, string.Join(", ", missing.Take(5)));
        }
        if (!environment.IsDevelopment())
        {
            return;
        }

        // Development only: the demo rooms' PINs, so a developer can dial in at once. Never in Production.
        foreach (var room in plan.Rooms)
        {
            if (room.Pin.RevealForDevelopment() is { } pin)
            {
                var moderator = room.ModeratorPin?.RevealForDevelopment() is { } m ? ", moderator PIN " + m : "";
                Console.WriteLine($"  demo room {room.Number} \"{room.Name}\": PIN {pin}{moderator}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} prompt file(s) missing under {Directory} (callers will hear silence instead), e.g. {Examples}")]
    private static partial void LogMissingPrompts(ILogger logger, int count, string directory, string examples);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting {Program}")]
    private static partial void LogVersion(ILogger logger, string program);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opus codec: {Implementation}")]
    private static partial void LogOpus(ILogger logger, string implementation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collector: {Setup}")]
    private static partial void LogGc(ILogger logger, string setup);

    [LoggerMessage(Level = LogLevel.Information, Message = "Native heap: {Setup}")]
    private static partial void LogNativeHeap(ILogger logger, string setup);

    [LoggerMessage(Level = LogLevel.Information, Message = "SRTP crypto: {Implementation}")]
    private static partial void LogSrtp(ILogger logger, string implementation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dial plan: {Files} file(s), {Routes} route(s), {Rooms} room(s) from {Path}")]
    private static partial void LogPlan(ILogger logger, int files, int routes, int rooms, string path);
}
