using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Stack;

/// <summary>UAC operations: INVITE (RFC 3261 §13.2) with CANCEL on the caller's token (§9.1), OPTIONS (§11),
/// and the orderly shutdown that BYEs every session.</summary>
internal sealed partial class SipUserAgent
{
    public async Task<OutgoingCallResult> CallAsync(SipUri target, SipUri from, ReadOnlyMemory<byte> sdpOffer, CancellationToken ct)
    {
        var destination = await SipLocalAddresses.ResolveAsync(target, SipTransportNames.Udp, ct).ConfigureAwait(false);
        if (destination is null || Channel.GetListenPoint(destination.Transport) is null)
        {
            return new OutgoingCallResult(503, "Service Unavailable", null);
        }

        var invite = CreateOutOfDialogRequest(SipMethods.Invite, target, from, destination);
        invite.Headers.Add("Contact", ContactFor(destination));
        AddCapabilities(invite, string.Empty);
        if (!sdpOffer.IsEmpty)
        {
            invite.Headers.Add("Content-Type", "application/sdp");
            invite.Body = sdpOffer;
        }

        var call = new OutgoingCall(this, invite, destination);
        var transaction = (InviteClientTransaction)Transactions.StartClient(invite, destination, call.OnResponse);
        call.Transaction = transaction;
        SipResponse? final;
        using (ct.Register(call.RequestCancel))
        {
            final = await transaction.FinalResponse.ConfigureAwait(false);
        }

        if (final is null)
        {
            return transaction.Error == SipTransactionError.Timeout
                ? new OutgoingCallResult(408, "Request Timeout", null)
                : new OutgoingCallResult(503, "Service Unavailable", null);
        }

        var session = await call.WaitForSessionAsync().ConfigureAwait(false);
        return new OutgoingCallResult(final.StatusCode, final.ReasonPhrase, session);
    }

    public async Task<SipResponse?> SendOptionsAsync(SipUri target, CancellationToken ct)
    {
        var destination = await SipLocalAddresses.ResolveAsync(target, SipTransportNames.Udp, ct).ConfigureAwait(false);
        if (destination is null || Channel.GetListenPoint(destination.Transport) is null)
        {
            return null;
        }

        var (host, _) = _addresses.SentBy(destination);
        var options = CreateOutOfDialogRequest(SipMethods.Options, target, SipUri.Parse("sip:" + Options.ContactUser + "@" + host), destination);
        options.Headers.Add("Accept", "application/sdp");
        var transaction = Transactions.StartClient(options, destination, null);
        return await transaction.FinalResponse.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>§8.1.1: Request-URI, To, From (new tag), Call-ID, CSeq, Max-Forwards, Via.</summary>
    private SipRequest CreateOutOfDialogRequest(string method, SipUri target, SipUri from, SipRemote destination)
    {
        var request = new SipRequest(method, target);
        AddVia(request, destination);
        var (host, _) = _addresses.SentBy(destination);
        request.Headers.Add("Max-Forwards", "70");
        request.Headers.Add("From", "<" + from + ">;tag=" + SipIdentifiers.NewTag());
        request.Headers.Add("To", "<" + target + ">");
        request.Headers.Add("Call-ID", SipIdentifiers.NewCallId(host.Trim('[', ']')));
        request.Headers.Add("CSeq", "1 " + method);
        request.Headers.Add("User-Agent", Options.UserAgent);
        return request;
    }

    /// <summary>BYE (or 487) for every live session and waits for them to end.</summary>
    public async Task ShutdownAsync(CancellationToken ct)
    {
        var sessions = new List<InviteSession>(_dialogs.Values);
        var hangups = new List<Task>(sessions.Count);
        foreach (var session in sessions)
        {
            hangups.Add(session.HangupAsync(ct));
        }

        await Task.WhenAll(hangups).WaitAsync(ct).ConfigureAwait(false);
    }
}
