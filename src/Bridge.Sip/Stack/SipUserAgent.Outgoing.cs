using Bridge.Sip.Auth;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Stack;

/// <summary>UAC operations: INVITE (RFC 3261 §13.2) with CANCEL on the caller's token (§9.1), OPTIONS (§11),
/// and the orderly shutdown that BYEs every session.</summary>
internal sealed partial class SipUserAgent
{
    public Task<OutgoingCallResult> CallAsync(SipUri target, SipUri from, ReadOnlyMemory<byte> sdpOffer, CancellationToken ct) =>
        CallAsync(target, from, sdpOffer, null, ct);

    /// <summary>INVITE; a 401/407 is answered once with <paramref name="credentials"/> (RFC 3261 §22.2) when given. Sent to
    /// <paramref name="destination"/> when given (located by RFC 3263), else to the target's host. With
    /// <paramref name="silence"/>, a server that sends nothing at all within it is given up (RFC 3263 §4.3, a timeout).</summary>
    public async Task<OutgoingCallResult> CallAsync(SipUri target, SipUri from, ReadOnlyMemory<byte> sdpOffer, SipCredentials? credentials, CancellationToken ct,
        SipRemote? destination = null, TimeSpan? silence = null)
    {
        destination ??= await SipLocalAddresses.ResolveAsync(target, SipTransportNames.Udp, ct).ConfigureAwait(false);
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

        var (final, session, timedOut) = await SendInviteAsync(invite, destination, ct, silence).ConfigureAwait(false);
        if (final is { StatusCode: 401 or 407 } && credentials is not null && !ct.IsCancellationRequested
            && credentials.Password() is { } password)
        {
            // §22.2: the same INVITE again with credentials, new branch, CSeq one higher, same Call-ID and From tag.
            var retry = CopyForRetry(invite, destination);
            if (DigestClient.Answer(final, retry, credentials.User, password) is { } answer)
            {
                retry.Headers.Add(answer.Header, answer.Value);
                (final, session, timedOut) = await SendInviteAsync(retry, destination, ct).ConfigureAwait(false);
            }
        }

        if (final is null)
        {
            return timedOut ? new OutgoingCallResult(408, "Request Timeout", null) { Unreached = true } : new OutgoingCallResult(503, "Service Unavailable", null) { Unreached = true };
        }

        return new OutgoingCallResult(final.StatusCode, final.ReasonPhrase, session);
    }

    /// <summary>One INVITE transaction: the final response (null on timeout or transport error), the session its 2xx made,
    /// and whether a missing final response was a timeout.</summary>
    private async Task<(SipResponse? Final, InviteSession? Session, bool TimedOut)> SendInviteAsync(SipRequest invite, SipRemote destination, CancellationToken ct,
        TimeSpan? silence = null)
    {
        var call = new OutgoingCall(this, invite, destination);
        var transaction = (InviteClientTransaction)Transactions.StartClient(invite, destination, call.OnResponse);
        call.Transaction = transaction;
        SipResponse? final;
        using (ct.Register(call.RequestCancel))
        using (silence is { } budget ? Time.CreateTimer(_ => transaction.GiveUpIfSilent(), null, budget, System.Threading.Timeout.InfiniteTimeSpan) : null)
        {
            final = await transaction.FinalResponse.ConfigureAwait(false);
        }

        if (final is null)
        {
            return (null, null, transaction.Error == SipTransactionError.Timeout);
        }

        return (final, await call.WaitForSessionAsync().ConfigureAwait(false), false);
    }

    private SipRequest CopyForRetry(SipRequest original, SipRemote destination)
    {
        var copy = new SipRequest(original.Method, original.RequestUri);
        AddVia(copy, destination);
        foreach (var header in original.Headers)
        {
            if (header.Name is "Via" or "CSeq" or "Authorization" or "Proxy-Authorization")
            {
                continue;
            }

            copy.Headers.Add(header.Name, header.Value);
        }

        var cseq = original.CSeq?.Number ?? 1;
        copy.Headers.Add("CSeq", (cseq + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + original.Method);
        copy.Body = original.Body;
        return copy;
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
