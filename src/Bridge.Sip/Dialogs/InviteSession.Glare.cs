using Bridge.Sip.Stack;

namespace Bridge.Sip.Dialogs;

/// <summary>Glare on our own offers (RFC 3261 §14.1): after a 491 to a re-INVITE we sent, wait a random time before
/// trying again: 2.1–4 s when we own the dialog's Call-ID (we placed the call), 0–2 s when the peer does, but never
/// past half the time left before the session expires, so a short session is refreshed before either side tears it
/// down (RFC 4028 §10).</summary>
public sealed partial class InviteSession
{
    /// <summary>The §14.1 wait in milliseconds for the owner (true) or non-owner (false) of the Call-ID.</summary>
    internal static TimeSpan GlareRetryDelay(bool ownsCallId, double unit) =>
        TimeSpan.FromMilliseconds(ownsCallId ? 2100 + (unit * 1900) : unit * 2000);

    /// <summary>The §14.1 wait, capped at half of <paramref name="timeToExpiry"/> when a session timer runs (a
    /// zero <paramref name="timeToExpiry"/> means none does).</summary>
    internal static TimeSpan GlareRetryDelay(bool ownsCallId, double unit, TimeSpan timeToExpiry)
    {
        var delay = GlareRetryDelay(ownsCallId, unit);
        return timeToExpiry > TimeSpan.Zero && delay > timeToExpiry / 2 ? timeToExpiry / 2 : delay;
    }

    /// <summary>Waits the §14.1 time on the user agent's clock; returns at once when the session has ended.</summary>
    private async Task WaitAfterGlareAsync()
    {
        var delay = GlareRetryDelay(IsOutgoing, Random.Shared.NextDouble(), _sessionTimer?.TimeToExpiry ?? TimeSpan.Zero);
        SipLog.GlareRetry(_ua.Logger, CallId, (int)delay.TotalMilliseconds);
        if (State != InviteSessionState.Terminated)
        {
            await Task.Delay(delay, _ua.Time).ConfigureAwait(false);
        }
    }
}
