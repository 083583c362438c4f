using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing.Pins;

/// <summary>Log lines of the bounded PIN checks (<see cref="PinCheckLimiter"/>).</summary>
internal static partial class PinCheckLog
{
    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Call {CallId}: too many PIN checks are waiting; answered 'not possible' without a check")]
    public static partial void Busy(ILogger logger, string callId);
}
