using System.Net;
using Microsoft.Extensions.Logging;

namespace Bridge.WebRtc.Ice;

/// <summary>Source-generated log messages of the ICE-lite agent. Never logs the ICE password.</summary>
internal static partial class IceLog
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "ICE {Ufrag}: selected remote {Remote} (USE-CANDIDATE)")]
    public static partial void Selected(ILogger logger, string ufrag, IPEndPoint remote);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "ICE {Ufrag}: STUN from {Remote} rejected: {Result} ({Suppressed} more rejected since the last report)")]
    public static partial void Rejected(ILogger logger, string ufrag, IPEndPoint? remote, IceCheckResult result, long suppressed);
}
