using Bridge.Rtp;
using Bridge.Rtp.Receive;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>
/// The media ports and how their datagrams are received (issue 14): with <see cref="CallsOptions.ReceiveThreads"/> above 0,
/// every session's sockets go to a <see cref="RtpReceiveEngine"/> (dedicated threads, batched receives); where it cannot
/// run, the portable socket loops, said once in the log.
/// </summary>
public sealed partial class CallManager
{
    private static RtpPortAllocator CreatePorts(CallsOptions options, ILogger logger)
    {
        RtpReceiveEngine? engine = RtpReceiveEngine.TryCreate(options.ReceiveThreads, reason => LogReceiveFallback(logger, reason), out string? unavailable);
        if (engine is not null)
        {
            LogReceiveEngine(logger, engine.Threads, RtpReceiveEngine.BatchSize);
        }
        else if (unavailable is not null && !OperatingSystem.IsLinux())
        {
            LogReceivePortable(logger, unavailable); // expected on Windows: nothing for the admin to do
        }
        else if (unavailable is not null)
        {
            LogReceiveFallback(logger, unavailable);
        }

        return new RtpPortAllocator(options.RtpPortLow, options.RtpPortHigh) { ReceiveEngine = engine };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RTP receive: {Threads} dedicated thread(s), up to {Batch} datagrams per recvmmsg")]
    private static partial void LogReceiveEngine(ILogger logger, int threads, int batch);

    [LoggerMessage(Level = LogLevel.Information, Message = "RTP receive: a socket loop per socket ({Reason})")]
    private static partial void LogReceivePortable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RTP receive: batched receive engine not used ({Reason}); using a socket loop per socket")]
    private static partial void LogReceiveFallback(ILogger logger, string reason);
}
