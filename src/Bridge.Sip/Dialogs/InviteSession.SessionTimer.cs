using System.Globalization;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Dialogs;

/// <summary>Session timers (RFC 4028): negotiation on every 2xx we send to an INVITE, re-INVITE or UPDATE (§9), the
/// refresh we send when we are the refresher (§7.4: UPDATE without a body when the peer allows UPDATE, else a re-INVITE
/// with our current SDP), and BYE when the session expires unrefreshed (§10).</summary>
public sealed partial class InviteSession
{
    private SessionTimer? _sessionTimer;
    private ReadOnlyMemory<byte> _localSdp;
    private bool _peerRefusesUpdate;
    private int _refreshing;

    /// <summary>The negotiated session interval (RFC 4028); zero when no session timer runs.</summary>
    public TimeSpan SessionInterval => _sessionTimer?.Interval ?? TimeSpan.Zero;

    /// <summary>True once a 2xx to the initial INVITE was sent (UAS) or received (UAC), until the session ends.</summary>
    public bool IsAnswered =>
        State != InviteSessionState.Terminated && (IsOutgoing || _inviteTransaction?.LastResponse is { StatusCode: >= 200 and < 300 });

    /// <summary>True when the bridge is the session's refresher.</summary>
    public bool RefreshesSession => _sessionTimer is { IsRunning: true, WeRefresh: true };

    private SessionTimer Timer => _sessionTimer ??= new SessionTimer(_ua.Time, OnRefreshDue, OnSessionExpired);

    /// <summary>The hook for every 2xx we send to the peer's INVITE, re-INVITE or UPDATE: records our SDP, writes
    /// Session-Expires (and Require: timer when the peer supports it) and restarts the timer (RFC 4028 §9).</summary>
    internal void ApplySessionTimer(SipRequest request, SipResponse ok)
    {
        if (!ok.Body.IsEmpty)
        {
            _localSdp = ok.Body;
        }

        var peerSupports = SessionTimer.HasOption(request, "timer");
        TimeSpan interval;
        bool weRefresh;
        if (SessionExpires.TryParse(request.Headers[SipHeaderNames.SessionExpires], out var asked))
        {
            // Below our minimum only when the peer cannot take a 422 (§9: the UAS then raises it).
            interval = TimeSpan.FromSeconds(asked.Seconds) < _ua.Options.SessionTimerMinimum ? _ua.Options.SessionTimerMinimum : TimeSpan.FromSeconds(asked.Seconds);
            weRefresh = asked.Refresher switch
            {
                "uac" => false,
                "uas" => true,
                _ => !peerSupports, // §9: the UAS chooses; the caller refreshes when it can
            };
        }
        else if (_sessionTimer is { IsRunning: true } running)
        {
            interval = running.Interval; // a refresh without Session-Expires keeps the interval (§9: the UAS may insert it)
            weRefresh = running.WeRefresh;
        }
        else
        {
            return;
        }

        if (!peerSupports)
        {
            weRefresh = true; // §9: a UAC without "timer" cannot be the refresher
        }

        var seconds = (int)interval.TotalSeconds;
        ok.Headers.Add(SipHeaderNames.SessionExpires, new SessionExpires(seconds, weRefresh ? "uas" : "uac").ToString());
        if (peerSupports)
        {
            ok.Headers.Add(SipHeaderNames.Require, "timer");
        }

        bool first;
        lock (_gate)
        {
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            first = _sessionTimer is not { IsRunning: true };
            Timer.Start(interval, weRefresh);
        }

        if (first)
        {
            SipLog.SessionTimerStarted(_ua.Logger, CallId, seconds, weRefresh ? "bridge" : "caller");
        }
        else
        {
            SipLog.SessionRefreshed(_ua.Logger, CallId, request.Method);
        }
    }

    /// <summary>Requests handled by the extensions before the ordinary in-dialog dispatch: PRACK (RFC 3262), 422 for a
    /// too small interval on a refresh (RFC 4028 §9), and a session-refresh UPDATE without a body (RFC 4028 §7.4,
    /// RFC 3311 §5.2). Returns false for everything else.</summary>
    internal bool TryHandleExtensionRequest(SipServerTransaction tx)
    {
        var request = tx.Request;
        switch (request.Method)
        {
            case SipMethods.Prack:
                OnPrack(tx);
                return true;
            case SipMethods.Invite or SipMethods.Update when SessionTimer.IsTooSmall(request, _ua.Options.SessionTimerMinimum):
                tx.Respond(_ua.CreateIntervalTooSmall(request));
                return true;
            case SipMethods.Update when request.Body.IsEmpty:
                if (State == InviteSessionState.Terminated)
                {
                    tx.Respond(_ua.CreateResponse(request, 481, "Call/Transaction Does Not Exist"));
                    return true;
                }

                Dialog.RefreshTarget(request);
                var ok = _ua.CreateResponse(request, 200);
                ok.Headers.Add("Contact", _ua.ContactFor(tx.Source));
                _ua.AddCapabilities(ok);
                ApplySessionTimer(request, ok);
                tx.Respond(ok);
                return true;
            default:
                return false;
        }
    }

    private void OnSessionExpired()
    {
        if (State == InviteSessionState.Terminated)
        {
            return;
        }

        SipLog.SessionExpired(_ua.Logger, CallId);
        _ = SendByeAsync(TerminationReason.SessionExpired, CancellationToken.None);
    }

    private void OnRefreshDue()
    {
        if (State == InviteSessionState.Terminated || Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        _ = RefreshGuardedAsync();
    }

    /// <summary>Sends the refresh at once (on the timer's thread up to its first wait), so it leaves when it is due.</summary>
    private async Task RefreshGuardedAsync()
    {
        try
        {
            await RefreshAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failed refresh is left to the expiry timer, never a crash
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SipLog.ApplicationHandlerFailed(_ua.Logger, CallId, ex);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    /// <summary>§7.4: the refresher sends UPDATE (no body) if the peer allows it, else a re-INVITE with our current SDP;
    /// a 422 raises the interval to the peer's Min-SE and tries once more (§7.3); a 491 (glare, RFC 3261 §14.1) tries
    /// again after a random delay; 408/481 or no answer ends the call.</summary>
    private async Task RefreshAsync()
    {
        var interval = Timer.Interval;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var useUpdate = !_peerRefusesUpdate && SessionTimer.HasListValue(Invite, SipHeaderNames.Allow, SipMethods.Update);
            var method = useUpdate ? SipMethods.Update : SipMethods.Invite;
            var response = useUpdate
                ? await SendRefreshUpdateAsync(interval).ConfigureAwait(false)
                : await SendRefreshInviteAsync(interval).ConfigureAwait(false);
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            SipLog.SessionRefreshAnswered(_ua.Logger, CallId, method, response?.StatusCode ?? 408);
            switch (response?.StatusCode)
            {
                case null or 408 or 481:
                    await SendByeAsync(TerminationReason.TransportError, CancellationToken.None).ConfigureAwait(false);
                    return;
                case >= 200 and < 300:
                    OnRefreshAccepted(response, interval);
                    return;
                case 422 when SessionExpires.TryParseMinimum(response.Headers[SipHeaderNames.MinSE], out var minimum):
                    interval = TimeSpan.FromSeconds(Math.Max(minimum, (int)interval.TotalSeconds));
                    continue;
                case 491:
                    await WaitAfterGlareAsync().ConfigureAwait(false);
                    continue;
                case 405 or 501 when useUpdate:
                    _peerRefusesUpdate = true;
                    continue;
                default:
                    return; // §10: the session stays until it expires
            }
        }
    }

    /// <summary>§7.2: a 2xx with Session-Expires restarts the timer with its interval and refresher; without it, the
    /// peer does not want a session timer.</summary>
    private void OnRefreshAccepted(SipResponse response, TimeSpan interval)
    {
        lock (_gate)
        {
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            if (SessionExpires.TryParse(response.Headers[SipHeaderNames.SessionExpires], out var granted))
            {
                Timer.Start(TimeSpan.FromSeconds(granted.Seconds), granted.Refresher != "uas");
            }
            else
            {
                Timer.Start(interval, weRefresh: true);
            }
        }
    }

    private void AddRefreshHeaders(SipRequest request, TimeSpan interval)
    {
        request.Headers.Add("Contact", _ua.ContactFor(Remote));
        _ua.AddCapabilities(request);
        request.Headers.Add(SipHeaderNames.SessionExpires, new SessionExpires((int)interval.TotalSeconds, "uac").ToString());
        request.Headers.Add(SipHeaderNames.MinSE, ((int)_ua.Options.SessionTimerMinimum.TotalSeconds).ToString(CultureInfo.InvariantCulture));
    }

    private Task<SipResponse?> SendRefreshUpdateAsync(TimeSpan interval)
    {
        var update = Dialog.CreateRequest(SipMethods.Update, Dialog.NextSequence());
        AddRefreshHeaders(update, interval);
        return _ua.SendInDialogAsync(Dialog, update, CancellationToken.None);
    }

    /// <summary>A re-INVITE with the SDP we last sent (unchanged version: RFC 3264 §8 "no change"), ACKed on 2xx.</summary>
    private async Task<SipResponse?> SendRefreshInviteAsync(TimeSpan interval)
    {
        var sequence = Dialog.NextSequence();
        var invite = Dialog.CreateRequest(SipMethods.Invite, sequence);
        AddRefreshHeaders(invite, interval);
        if (!_localSdp.IsEmpty)
        {
            invite.Headers.Add("Content-Type", "application/sdp");
            invite.Body = _localSdp;
        }

        var destination = await _ua.ResolveDialogDestinationAsync(Dialog, CancellationToken.None).ConfigureAwait(false);
        if (destination is null)
        {
            return null;
        }

        _ua.AddVia(invite, destination);
        invite.Headers.Add("User-Agent", _ua.Options.UserAgent);
        var acked = 0;
        var offering = !invite.Body.IsEmpty;
        if (offering)
        {
            LocalOfferPending = true; // our offer is out: an offer from the peer meanwhile gets 491 (RFC 3261 §14.1)
        }

        var transaction = _ua.Transactions.StartClient(invite, destination, (_, response) =>
        {
            if (response.StatusCode is >= 200 and < 300 && Volatile.Read(ref acked) == 1)
            {
                ResendAck(); // a retransmitted 2xx: our ACK was lost (§13.2.2.4)
            }
        });
        SipResponse? final;
        try
        {
            final = await transaction.FinalResponse.ConfigureAwait(false);
        }
        finally
        {
            if (offering)
            {
                LocalOfferPending = false;
            }
        }

        if (final is { StatusCode: >= 200 and < 300 })
        {
            SendRefreshAck(sequence, destination);
            Volatile.Write(ref acked, 1);
        }

        return final;
    }

    private void SendRefreshAck(long sequence, SipRemote destination)
    {
        var ack = Dialog.CreateRequest(SipMethods.Ack, sequence);
        _ua.AddVia(ack, destination);
        var bytes = ack.ToBytes();
        lock (_gate)
        {
            _ackBytes = bytes;
            _ackDestination = destination;
        }

        _ = _ua.Channel.SendAsync(bytes, destination);
    }

    /// <summary>Stops the extension timers when the session ends.</summary>
    private void StopExtensionTimers()
    {
        _sessionTimer?.Stop();
        StopReliableProvisional();
    }
}
