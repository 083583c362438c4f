using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;

namespace Bridge.Sip.Dialogs;

/// <summary>Requests arriving inside the dialog (RFC 3261 §12.2.2): BYE (§15.1.2), re-INVITE (§14.2), UPDATE (RFC 3311), INFO, OPTIONS.</summary>
public sealed partial class InviteSession
{
    /// <summary>Dispatches an in-dialog request to its handler; every path answers the transaction.</summary>
    internal void OnRequest(SipServerTransaction tx)
    {
        var request = tx.Request;
        if (!Dialog.AcceptRemoteSequence(request.CSeq!.Value.Number))
        {
            tx.Respond(_ua.CreateResponse(request, 500, "CSeq Out of Order"));
            return;
        }

        if (TryHandleExtensionRequest(tx))
        {
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Bye:
                OnBye(tx);
                break;
            case SipMethods.Invite:
                OnReInvite((InviteServerTransaction)tx);
                break;
            case SipMethods.Update:
                OnUpdate(tx);
                break;
            case SipMethods.Info:
                tx.Respond(_ua.CreateResponse(request, 200));
                Post(() => InfoReceived?.Invoke(this, request));
                break;
            case SipMethods.Options:
                tx.Respond(_ua.CreateOptionsResponse(request));
                break;
            default:
                tx.Respond(_ua.CreateUnsupportedResponse(request));
                break;
        }
    }

    /// <summary>§15.1.2: 200 to the BYE; an INVITE still unanswered gets 487.</summary>
    private void OnBye(SipServerTransaction tx)
    {
        tx.Respond(_ua.CreateResponse(tx.Request, 200));
        if (_inviteTransaction is { HasFinalResponse: false } invite)
        {
            invite.Respond(_ua.CreateResponse(Invite, 487, null, Dialog.LocalTag));
        }

        if (_reInvite is { HasFinalResponse: false } reInvite)
        {
            reInvite.Respond(_ua.CreateResponse(reInvite.Request, 487));
        }

        Terminate(TerminationReason.RemoteBye);
    }

    /// <summary>§14.1: 491 while our own offer (re-INVITE or UPDATE) awaits its answer; §14.2: a second INVITE while one is
    /// pending gets 500 with Retry-After; otherwise the application's
    /// <see cref="ReInviteHandler"/> answers the offer (or makes one, for an INVITE without SDP).</summary>
    private void OnReInvite(InviteServerTransaction tx)
    {
        var request = tx.Request;
        lock (_gate)
        {
            if (State == InviteSessionState.Terminated)
            {
                tx.Respond(_ua.CreateResponse(request, 481));
                return;
            }

            if (_localOfferPending)
            {
                tx.Respond(_ua.CreateResponse(request, 491, "Request Pending")); // §14.1: glare with our own offer
                return;
            }

            if (_reInvite is { HasFinalResponse: false } || _update is not null || _ok is not null || _inviteTransaction is { HasFinalResponse: false })
            {
                tx.Respond(CreateRetryLater(request));
                return;
            }

            _reInvite = tx;
        }

        Dialog.RefreshTarget(request);
        var offer = request.Body;
        _ = Task.Run(async () =>
        {
            var answer = await AskOfferHandlerAsync(offer).ConfigureAwait(false);
            CompleteReInvite(tx, offer, answer);
        });
    }

    private void CompleteReInvite(InviteServerTransaction tx, ReadOnlyMemory<byte> offer, ReadOnlyMemory<byte>? answer)
    {
        if (answer is null)
        {
            tx.Respond(_ua.CreateResponse(tx.Request, 488));
            return;
        }

        var ok = CreateOk(tx.Request, tx, answer.Value);
        lock (_gate)
        {
            if (State == InviteSessionState.Terminated || !tx.Respond(ok))
            {
                return;
            }

            if (!offer.IsEmpty)
            {
                RemoteSdp = offer;
            }

            StartOkRetransmission(ok, tx, initial: false);
        }
    }
}
