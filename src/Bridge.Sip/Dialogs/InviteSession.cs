using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Dialogs;

/// <summary>One dialog created by INVITE (RFC 3261 §12–§15), for incoming (UAS) and outgoing (UAC) calls: 2xx
/// retransmission until ACK (§13.3.1.4), re-INVITE offer/answer (§14), INFO (RFC 6086), BYE in both directions (§15).
/// Application callbacks run in order on the thread pool, never on a receive loop.</summary>
public sealed partial class InviteSession
{
    private readonly SipUserAgent _ua;
    private readonly object _gate = new();
    private readonly InviteServerTransaction? _inviteTransaction;
    private readonly SipTransactionTimer _okRetransmit;
    private readonly SipTransactionTimer _okGiveUp;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _callbacks = Task.CompletedTask;
    private SipResponse? _ok;
    private ReadOnlyMemory<byte> _okBytes;
    private SipRemote? _okDestination;
    private long _okSequence = -1;
    private bool _okIsInitial;
    private bool _byeAfterAck;
    private InviteServerTransaction? _reInvite;
    private ReadOnlyMemory<byte> _ackBytes;
    private SipRemote? _ackDestination;
    private TerminationReason? _terminationReason;

    /// <summary>UAS session for a new INVITE (100 Trying already sent by its transaction).</summary>
    internal InviteSession(SipUserAgent ua, InviteServerTransaction transaction, ReadOnlyMemory<byte> offer)
    {
        _ua = ua;
        _inviteTransaction = transaction;
        Invite = transaction.Request;
        Remote = transaction.Source;
        RemoteParty = Invite.From!;
        CallId = Invite.CallId!;
        RemoteSdp = offer;
        Dialog = SipDialog.CreateUas(Invite, transaction.Source, SipIdentifiers.NewTag(), Random.Shared.Next(1, 1 << 20));
        _okRetransmit = new SipTransactionTimer(ua.Time, OnOkRetransmit);
        _okGiveUp = new SipTransactionTimer(ua.Time, OnOkGiveUp);
    }

    /// <summary>UAC session after a 2xx to our INVITE; the ACK is sent by <see cref="SendAck"/>.</summary>
    internal InviteSession(SipUserAgent ua, SipRequest invite, SipResponse ok, SipRemote destination)
    {
        _ua = ua;
        IsOutgoing = true;
        Invite = invite;
        Remote = destination;
        Dialog = SipDialog.CreateUac(invite, ok, destination);
        RemoteParty = Dialog.RemoteParty;
        CallId = invite.CallId!;
        RemoteSdp = ok.Body;
        _okRetransmit = new SipTransactionTimer(ua.Time, OnOkRetransmit);
        _okGiveUp = new SipTransactionTimer(ua.Time, OnOkGiveUp);
    }

    internal SipDialog Dialog { get; }

    internal InviteServerTransaction? InviteTransaction => _inviteTransaction;

    /// <summary>Call-ID of the dialog.</summary>
    public string CallId { get; }

    /// <summary>The initial INVITE (received or sent).</summary>
    public SipRequest Invite { get; }

    /// <summary>Where the INVITE came from (UAS) or was sent to (UAC).</summary>
    public SipRemote Remote { get; }

    /// <summary>The other party: From of an incoming INVITE, To (with tag) of an outgoing one.</summary>
    public SipNameAddress RemoteParty { get; }

    /// <summary>True for calls we placed.</summary>
    public bool IsOutgoing { get; }

    /// <summary>Early, Confirmed or Terminated.</summary>
    public InviteSessionState State { get; private set; }

    /// <summary>The peer's latest SDP: from the INVITE, from the ACK (late offer), from a 2xx (UAC) or re-INVITE.</summary>
    public ReadOnlyMemory<byte> RemoteSdp { get; private set; }

    /// <summary>Why the session ended, once <see cref="State"/> is Terminated.</summary>
    public TerminationReason? EndReason => _terminationReason;

    /// <summary>An INFO request inside the dialog (already answered 200).</summary>
    public event Action<InviteSession, SipRequest>? InfoReceived;

    /// <summary>The ACK for our 2xx arrived; the argument is its body (the SDP answer for a late offer, else empty).</summary>
    public event Action<InviteSession, ReadOnlyMemory<byte>>? AckReceived;

    /// <summary>Raised once when the session ends.</summary>
    public event Action<InviteSession, TerminationReason>? Terminated;

    /// <summary>Answers a re-INVITE's or UPDATE's offer (RFC 3261 §14.2, RFC 3311 §5.2). Empty when a re-INVITE had no
    /// SDP: then return an offer, the answer comes in the ACK (<see cref="AckReceived"/>). Null, an exception or no
    /// handler → 488 Not Acceptable Here.</summary>
    public Func<InviteSession, ReadOnlyMemory<byte>, Task<ReadOnlyMemory<byte>?>>? ReInviteHandler { get; set; }

    /// <summary>Completes when the session has terminated.</summary>
    public Task Completion => _ended.Task;

    /// <summary>Ends the session: BYE once confirmed (after the ACK, §15), 487 to an unanswered incoming INVITE.
    /// Completes when the BYE transaction finished (or timed out).</summary>
    public async Task HangupAsync(CancellationToken ct = default)
    {
        Task? wait = null;
        var sendBye = false;
        lock (_gate)
        {
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            if (!IsOutgoing && _inviteTransaction is { HasFinalResponse: false })
            {
                // not answered yet: reject it
            }
            else if (!IsOutgoing && _okIsInitial && _ok is not null)
            {
                _byeAfterAck = true; // §15: the callee waits for the ACK before sending BYE
                wait = _ended.Task;
            }
            else
            {
                sendBye = true;
            }
        }

        if (wait is not null)
        {
            await wait.WaitAsync(ct).ConfigureAwait(false);
            return;
        }

        if (!sendBye)
        {
            _inviteTransaction!.Respond(_ua.CreateResponse(Invite, 487, null, Dialog.LocalTag));
            Terminate(TerminationReason.Rejected);
            return;
        }

        await SendByeAsync(TerminationReason.LocalBye, ct).ConfigureAwait(false);
    }

    /// <summary>Sends INFO (RFC 6086) and waits for its final response; 481/408 end the session (§12.2.1.2).</summary>
    public async Task SendInfoAsync(string contentType, ReadOnlyMemory<byte> body, CancellationToken ct = default)
    {
        if (State == InviteSessionState.Terminated)
        {
            throw new InvalidOperationException("The session has terminated.");
        }

        var request = Dialog.CreateRequest(SipMethods.Info, Dialog.NextSequence());
        request.Headers.Add("Content-Type", contentType);
        request.Body = body;
        var response = await _ua.SendInDialogAsync(Dialog, request, ct).ConfigureAwait(false);
        if (response is null || response.StatusCode is 481 or 408)
        {
            Terminate(TerminationReason.TransportError);
        }
    }

    private async Task SendByeAsync(TerminationReason reason, CancellationToken ct)
    {
        StopOkRetransmission();
        Terminate(reason);
        var bye = Dialog.CreateRequest(SipMethods.Bye, Dialog.NextSequence());
        await _ua.SendInDialogAsync(Dialog, bye, ct).ConfigureAwait(false);
    }

    /// <summary>Marks the session terminated once, unregisters it and queues the Terminated event.</summary>
    internal void Terminate(TerminationReason reason)
    {
        lock (_gate)
        {
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            State = InviteSessionState.Terminated;
            _terminationReason = reason;
        }

        StopOkRetransmission();
        StopExtensionTimers();
        _ua.Unregister(this);
        SipLog.CallTerminated(_ua.Logger, CallId, reason.ToString());
        Post(() => Terminated?.Invoke(this, reason));
        Post(() => _ended.TrySetResult());
    }

    /// <summary>Runs an application callback after the previous ones, on the thread pool; exceptions are logged.</summary>
    internal void Post(Action action)
    {
        lock (_gate)
        {
            _callbacks = _callbacks.ContinueWith(
                _ =>
                {
                    try
                    {
                        action();
                    }
#pragma warning disable CA1031 // an application bug must not break the SIP stack
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        SipLog.ApplicationHandlerFailed(_ua.Logger, CallId, ex);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }
    }

    private void StopOkRetransmission()
    {
        lock (_gate)
        {
            _ok = null;
            _okRetransmit.Stop();
            _okGiveUp.Stop();
        }

        _answerTimeout?.Stop();
    }
}
