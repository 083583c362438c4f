using System.Security.Cryptography;
using Bridge.Calls.Legs;
using Bridge.Conferencing;
using Bridge.Conferencing.Records;
using Bridge.Sip.Dialogs;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>
/// The call record of each call (issue 13), raised when its SIP session ends: room, times, masked caller, transport, codec,
/// SRTP, the quality over the whole call, and how it ended. Nothing else about the caller leaves here.
/// </summary>
public sealed partial class CallManager
{
    /// <summary>
    /// Raised once per call when it ended, on the thread that ended it (a SIP or timer thread): handlers must only queue the
    /// record. A handler that throws is logged and does not disturb the call's release.
    /// </summary>
    public event Action<CallRecord>? CallEnded;

    private void RaiseCallEnded(InviteSession session, CallLeg? leg, DateTimeOffset startedAt, string transport, string result)
    {
        var handlers = CallEnded;
        if (handlers is null)
        {
            return;
        }

        var quality = leg?.GetCallQuality();
        var record = new CallRecord(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            leg?.RoomNumber,
            startedAt,
            _time.GetUtcNow(),
            CallerSource.Mask(session.RemoteParty.Uri.User),
            null,
            transport,
            leg?.CodecName,
            leg?.IsMediaSecure ?? false,
            quality?.LossPercent,
            quality?.JitterMs,
            quality?.RttMs,
            quality?.Mos,
            result);
        try
        {
            handlers(record);
        }
#pragma warning disable CA1031 // a broken record writer must not break the release of a call
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRecordFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The call record could not be handed over")]
    private partial void LogRecordFailed(Exception exception);
}
