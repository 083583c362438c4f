using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Transactions;

namespace Bridge.Sip.Dialogs;

/// <summary>UAS answering (RFC 3261 §13.3) and the 2xx retransmission / ACK machinery (§13.3.1.4); UAC ACK (§13.2.2.4).</summary>
public sealed partial class InviteSession
{
    /// <summary>Pending CANCEL notification for <see cref="IncomingCall.Cancelled"/>.</summary>
    internal CancellationTokenSource CancelSource { get; } = new();

    private SipTransactionTimer? _answerTimeout;

    /// <summary>Rejects with 480 if the application has not answered within <paramref name="timeout"/>.</summary>
    internal void StartAnswerTimeout(TimeSpan timeout)
    {
        _answerTimeout = new SipTransactionTimer(_ua.Time, () => Reject(480, "Temporarily Unavailable"));
        _answerTimeout.Start(timeout);
    }

    /// <summary>180 Ringing with our To tag and Contact (creates the early dialog, §12.1.1).</summary>
    internal void Ring()
    {
        if (_inviteTransaction is { HasFinalResponse: false } tx)
        {
            var ringing = _ua.CreateResponse(Invite, 180, null, Dialog.LocalTag);
            ringing.Headers.Add("Contact", _ua.ContactFor(tx.Source));
            if (!TrySendReliable(tx, ringing))
            {
                tx.Respond(ringing);
            }
        }
    }

    /// <summary>200 OK with the SDP answer (or our offer when the INVITE had none); retransmitted until the ACK.
    /// Returns false when the call was cancelled or answered meanwhile.</summary>
    internal bool Accept(ReadOnlyMemory<byte> sdp)
    {
        var tx = _inviteTransaction!;
        if (State == InviteSessionState.Terminated || tx.HasFinalResponse)
        {
            return false;
        }

        if (HoldAnswerUntilPrack(sdp))
        {
            return true; // sent when the reliable 18x is PRACKed (RFC 3262 §3)
        }

        var ok = CreateOk(Invite, tx, sdp);
        lock (_gate)
        {
            if (State == InviteSessionState.Terminated || tx.HasFinalResponse)
            {
                return false;
            }

            if (!tx.Respond(ok) || State == InviteSessionState.Terminated)
            {
                return false; // cancelled meanwhile, or the transport failed while sending
            }

            StartOkRetransmission(ok, tx, initial: true);
        }

        _answerTimeout?.Stop();
        return true;
    }

    /// <summary>Final non-2xx (RFC 3261 §13.3.1.3); ends the session.</summary>
    internal bool Reject(int statusCode, string? reason)
    {
        if (statusCode is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A rejection is a 3xx-6xx status.");
        }

        var tx = _inviteTransaction!;
        if (State == InviteSessionState.Terminated || !tx.Respond(_ua.CreateResponse(Invite, statusCode, reason, Dialog.LocalTag)))
        {
            return false;
        }

        Terminate(TerminationReason.Rejected);
        return true;
    }

    /// <summary>CANCEL matched our INVITE (RFC 3261 §9.2): 487 to the INVITE, session cancelled.</summary>
    internal void OnCancel()
    {
        var tx = _inviteTransaction!;
        if (tx.Respond(_ua.CreateResponse(Invite, 487, null, Dialog.LocalTag)))
        {
            Terminate(TerminationReason.Cancelled);
            CancelSource.Cancel();
        }
    }

    private SipResponse CreateOk(SipRequest request, SipServerTransaction tx, ReadOnlyMemory<byte> sdp)
    {
        var ok = _ua.CreateResponse(request, 200, null, Dialog.LocalTag);
        ok.Headers.Add("Contact", _ua.ContactFor(tx.Source));
        _ua.AddCapabilities(ok);
        if (!sdp.IsEmpty)
        {
            ok.Headers.Add("Content-Type", "application/sdp");
            ok.Body = sdp;
        }

        ApplySessionTimer(request, ok);
        return ok;
    }

    /// <summary>§13.3.1.4: resend the 2xx at T1, 2T1 … capped at T2 until the ACK; give up after 64*T1.</summary>
    private void StartOkRetransmission(SipResponse ok, SipServerTransaction tx, bool initial)
    {
        _ok = ok;
        _okBytes = ok.ToBytes();
        _okDestination = tx.Peer;
        _okSequence = tx.Request.CSeq!.Value.Number;
        _okIsInitial = initial;
        _okRetransmit.Start(_ua.Timers.T1);
        _okGiveUp.Start(_ua.Timers.TransactionTimeout);
    }

    private void OnOkRetransmit()
    {
        ReadOnlyMemory<byte> bytes;
        Transport.SipRemote destination;
        lock (_gate)
        {
            if (_ok is null || _okDestination is null)
            {
                return;
            }

            var next = _okRetransmit.Interval * 2;
            _okRetransmit.Start(next < _ua.Timers.T2 ? next : _ua.Timers.T2);
            bytes = _okBytes;
            destination = _okDestination;
        }

        _ = _ua.Channel.SendAsync(bytes, destination);
    }

    private void OnOkGiveUp()
    {
        lock (_gate)
        {
            if (_ok is null)
            {
                return;
            }
        }

        SipLog.AckTimeout(_ua.Logger, CallId);
        _ = SendByeAsync(TerminationReason.AckTimeout, CancellationToken.None);
    }

    /// <summary>ACK for a 2xx we sent (§13.3.1.4, §13.2.2.4): stops retransmission; a body is the late-offer answer.</summary>
    internal void OnAck(SipRequest ack)
    {
        bool hangup;
        lock (_gate)
        {
            if (_ok is null || ack.CSeq!.Value.Number != _okSequence)
            {
                return; // a retransmitted ACK, or one for an older 2xx
            }

            _ok = null;
            _okRetransmit.Stop();
            _okGiveUp.Stop();
            if (State == InviteSessionState.Early)
            {
                State = InviteSessionState.Confirmed;
            }

            if (!ack.Body.IsEmpty)
            {
                RemoteSdp = ack.Body;
            }

            hangup = _byeAfterAck;
        }

        var body = ack.Body;
        Post(() => AckReceived?.Invoke(this, body));
        if (hangup)
        {
            _ = SendByeAsync(TerminationReason.LocalBye, CancellationToken.None);
        }
    }

    /// <summary>UAC: sends the ACK for the 2xx (§13.2.2.4: new branch, same CSeq number, the dialog's route set).</summary>
    internal async Task SendAckAsync(CancellationToken ct)
    {
        var ack = Dialog.CreateRequest(SipMethods.Ack, Invite.CSeq!.Value.Number);
        var destination = await _ua.ResolveDialogDestinationAsync(Dialog, ct).ConfigureAwait(false);
        if (destination is null)
        {
            Terminate(TerminationReason.TransportError);
            return;
        }

        _ua.AddVia(ack, destination);
        var bytes = ack.ToBytes();
        lock (_gate)
        {
            _ackBytes = bytes;
            _ackDestination = destination;
            if (State == InviteSessionState.Early)
            {
                State = InviteSessionState.Confirmed;
            }
        }

        if (!await _ua.Channel.SendAsync(bytes, destination).ConfigureAwait(false))
        {
            Terminate(TerminationReason.TransportError);
        }
    }

    /// <summary>UAC: a retransmitted 2xx means our ACK was lost: send it again.</summary>
    internal void ResendAck()
    {
        ReadOnlyMemory<byte> bytes;
        Transport.SipRemote? destination;
        lock (_gate)
        {
            bytes = _ackBytes;
            destination = _ackDestination;
        }

        if (destination is not null && !bytes.IsEmpty)
        {
            _ = _ua.Channel.SendAsync(bytes, destination);
        }
    }
}
