using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Stack;

/// <summary>State of one outgoing INVITE: creates the session on the first 2xx and ACKs it (RFC 3261 §13.2.2.4),
/// re-ACKs retransmitted 2xx, and sends CANCEL only after a provisional response (§9.1).</summary>
internal sealed class OutgoingCall
{
    private readonly SipUserAgent _ua;
    private readonly SipRequest _invite;
    private readonly SipRemote _destination;
    private readonly object _gate = new();
    private bool _provisional;
    private bool _cancelRequested;
    private bool _cancelSent;
    private InviteSession? _session;
    private Task _ack = Task.CompletedTask;

    public OutgoingCall(SipUserAgent ua, SipRequest invite, SipRemote destination)
    {
        _ua = ua;
        _invite = invite;
        _destination = destination;
    }

    public InviteClientTransaction? Transaction { get; set; }

    public void OnResponse(SipClientTransaction transaction, SipResponse response)
    {
        var status = response.StatusCode;
        if (status < 200)
        {
            bool cancel;
            lock (_gate)
            {
                _provisional = true;
                cancel = _cancelRequested && !_cancelSent;
                _cancelSent |= cancel;
            }

            if (cancel)
            {
                SendCancel();
            }

            return;
        }

        if (status >= 300 || response.To?.Tag is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_session is not null)
            {
                if (string.Equals(response.To.Tag, _session.Dialog.RemoteTag, StringComparison.Ordinal))
                {
                    _session.ResendAck();
                }

                return; // a 2xx from another fork: only the first one is kept
            }

            _session = new InviteSession(_ua, _invite, response, _destination);
            _ua.Register(_session);
            var hangUp = _cancelRequested;
            _ack = AckAsync(_session, hangUp);
        }
    }

    private static async Task AckAsync(InviteSession session, bool hangUp)
    {
        await session.SendAckAsync(CancellationToken.None).ConfigureAwait(false);
        if (hangUp)
        {
            await session.HangupAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The caller's token fired: CANCEL now if a provisional arrived, else as soon as one does.</summary>
    public void RequestCancel()
    {
        bool cancel;
        lock (_gate)
        {
            _cancelRequested = true;
            cancel = _provisional && !_cancelSent && _session is null;
            _cancelSent |= cancel;
        }

        if (cancel)
        {
            SendCancel();
        }
    }

    private void SendCancel()
    {
        var cancel = SipRequestFactory.CreateCancel(_invite);
        _ua.Transactions.StartClient(cancel, _destination, null);
        Transaction?.ArmCancelTimeout();
    }

    /// <summary>The session created by a 2xx once its ACK was sent, or null.</summary>
    public async Task<InviteSession?> WaitForSessionAsync()
    {
        Task ack;
        InviteSession? session;
        lock (_gate)
        {
            ack = _ack;
            session = _session;
        }

        await ack.ConfigureAwait(false);
        return session is { State: not InviteSessionState.Terminated } ? session : null;
    }
}
