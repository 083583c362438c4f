using Bridge.Sip.Dialogs;

namespace Bridge.Sip.Stack;

/// <summary>A new incoming INVITE handed to <see cref="SipEndpoint.IncomingCallHandler"/>; 100 Trying is already sent.
/// The application rings, accepts with its SDP answer or rejects; <see cref="Cancelled"/> fires on CANCEL.</summary>
public sealed class IncomingCall
{
    internal IncomingCall(InviteSession session)
    {
        Session = session;
    }

    /// <summary>The session (Early until the ACK arrives).</summary>
    public InviteSession Session { get; }

    /// <summary>Fires when the caller cancels before the call is answered (RFC 3261 §9.2; 487 already sent).</summary>
    public CancellationToken Cancelled => Session.CancelSource.Token;

    /// <summary>Sends 180 Ringing (no-op once answered or cancelled).</summary>
    public Task RingAsync()
    {
        Session.Ring();
        return Task.CompletedTask;
    }

    /// <summary>Sends 200 OK with <paramref name="sdpAnswer"/> (retransmitted until the ACK). Throws
    /// <see cref="InvalidOperationException"/> when the call was cancelled or already answered.</summary>
    public Task AcceptAsync(ReadOnlyMemory<byte> sdpAnswer)
    {
        if (!Session.Accept(sdpAnswer))
        {
            throw new InvalidOperationException("The call was cancelled or already answered.");
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends a final 3xx–6xx response and ends the session (no-op if already answered or cancelled).</summary>
    public Task RejectAsync(int statusCode, string? reason = null)
    {
        Session.Reject(statusCode, reason);
        return Task.CompletedTask;
    }
}
