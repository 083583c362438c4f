using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;

namespace Bridge.Sip.Dialogs;

/// <summary>UPDATE inside the dialog (RFC 3311) and the offer/answer glare rules shared with re-INVITE (RFC 3261 §14.1).</summary>
public sealed partial class InviteSession
{
    private SipServerTransaction? _update;
    private bool _localOfferPending;

    /// <summary>
    /// True while an offer we sent (in a re-INVITE or UPDATE) awaits its answer: an offer arriving meanwhile gets 491 Request
    /// Pending (RFC 3261 §14.1, RFC 3311 §5.2). Set by the code that sends such requests, cleared when their answer came.
    /// </summary>
    internal bool LocalOfferPending
    {
        get
        {
            lock (_gate)
            {
                return _localOfferPending;
            }
        }

        set
        {
            lock (_gate)
            {
                _localOfferPending = value;
            }
        }
    }

    /// <summary>
    /// RFC 3311 §5.2: an UPDATE without a body (a refresh) gets 200 at once; one with an offer is answered by
    /// <see cref="ReInviteHandler"/>, with 491 while our own offer is pending and 500 with Retry-After while an offer
    /// from the peer is still unanswered. UPDATE is a target refresh request.
    /// </summary>
    private void OnUpdate(SipServerTransaction tx)
    {
        var request = tx.Request;
        var offer = request.Body;
        lock (_gate)
        {
            if (State == InviteSessionState.Terminated)
            {
                tx.Respond(_ua.CreateResponse(request, 481));
                return;
            }

            if (!offer.IsEmpty)
            {
                if (_localOfferPending)
                {
                    tx.Respond(_ua.CreateResponse(request, 491, "Request Pending"));
                    return;
                }

                if (_update is not null || _reInvite is { HasFinalResponse: false } || _inviteTransaction is { HasFinalResponse: false })
                {
                    tx.Respond(CreateRetryLater(request));
                    return;
                }

                _update = tx;
            }
        }

        Dialog.RefreshTarget(request);
        if (offer.IsEmpty)
        {
            tx.Respond(CreateOk(request, tx, default)); // 2xx carries Contact: UPDATE is a target refresh (§5.2)
            return;
        }

        _ = Task.Run(async () =>
        {
            var answer = await AskOfferHandlerAsync(offer).ConfigureAwait(false);
            lock (_gate)
            {
                _update = null;
                if (answer is not null && State != InviteSessionState.Terminated)
                {
                    RemoteSdp = offer;
                }
            }

            tx.Respond(answer is null || answer.Value.IsEmpty ? _ua.CreateResponse(request, 488) : CreateOk(request, tx, answer.Value));
        });
    }

    /// <summary>500 with Retry-After 0–10 s: an offer arrived while the peer's previous one is still unanswered
    /// (RFC 3261 §14.2, RFC 3311 §5.2).</summary>
    private SipResponse CreateRetryLater(SipRequest request)
    {
        var busy = _ua.CreateResponse(request, 500, "Server Internal Error");
        busy.Headers.Add("Retry-After", Random.Shared.Next(0, 11).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return busy;
    }

    /// <summary>Runs <see cref="ReInviteHandler"/>; null (488) when there is none or it failed.</summary>
    private async Task<ReadOnlyMemory<byte>?> AskOfferHandlerAsync(ReadOnlyMemory<byte> offer)
    {
        if (ReInviteHandler is not { } handler)
        {
            return null;
        }

        try
        {
            return await handler(this, offer).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failing handler means "not acceptable", never a crash
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Stack.SipLog.ApplicationHandlerFailed(_ua.Logger, CallId, ex);
            return null;
        }
    }
}
