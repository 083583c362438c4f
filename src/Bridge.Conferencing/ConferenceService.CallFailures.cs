using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing;

/// <summary>An action for one answered call that fails (a prompt that cannot be read, a bug in the IVR) hangs that call
/// up instead of leaving the caller in a silent, answered call; the conference queue goes on with the others.</summary>
public sealed partial class ConferenceService
{
    internal void PostForCall(Ivr.CallSession session, Action action) => Post(() =>
    {
        try
        {
            action();
        }
#pragma warning disable CA1031 // any failure ends this call (BYE), never the control loop
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCallActionFailed(Logger, ex, session.Leg.Id);
            try
            {
                session.Hangup();
            }
#pragma warning disable CA1031 // the session's state is broken: hang the leg up directly
            catch (Exception)
#pragma warning restore CA1031
            {
                session.Leg.Hangup();
            }
        }
    });

    [LoggerMessage(EventId = 4030, Level = LogLevel.Error, Message = "Call {CallId}: conference action failed, hanging up")]
    private static partial void LogCallActionFailed(ILogger logger, Exception exception, string callId);
}
