using System.Collections.Concurrent;
using System.Globalization;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Stack;

/// <summary>The UA core (RFC 3261 §8.2 UAS request processing, §12 dialog matching) above the transaction layer:
/// dispatches out-of-dialog requests (INVITE, OPTIONS, application handler, 405/501), in-dialog requests to their
/// session (481 when none matches), and places outgoing calls and OPTIONS pings.</summary>
internal sealed partial class SipUserAgent : ISipTransactionUser
{
    /// <summary>Methods we implement (Allow, RFC 3261 §20.5).</summary>
    public const string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, PRACK, UPDATE";

    private static readonly HashSet<string> KnownUnsupported = new(StringComparer.Ordinal)
    {
        SipMethods.Register, SipMethods.Subscribe, "PUBLISH", SipMethods.Notify, SipMethods.Refer,
        SipMethods.Message,
    };

    private readonly ConcurrentDictionary<string, InviteSession> _dialogs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<InviteServerTransaction, InviteSession> _pendingInvites = new();
    private readonly SipLocalAddresses _addresses;

    public SipUserAgent(ISipMessageChannel channel, TimeProvider time, SipEndpointOptions options, ILogger logger)
    {
        Channel = channel;
        Time = time;
        Options = options;
        Logger = logger;
        Timers = options.Timers;
        Transactions = new SipTransactionLayer(channel, time, options.Timers, this);
        _addresses = new SipLocalAddresses(channel, options.AdvertisedHost);
    }

    public ISipMessageChannel Channel { get; }

    public TimeProvider Time { get; }

    public SipEndpointOptions Options { get; }

    public SipTimerOptions Timers { get; }

    public ILogger Logger { get; }

    public SipTransactionLayer Transactions { get; }

    public Func<IncomingCall, Task>? IncomingCallHandler { get; set; }

    public Func<SipRequest, SipRemote, SipResponse?>? OutOfDialogRequestHandler { get; set; }

    /// <summary>Asked about each new INVITE before a session exists; a response returned is sent instead (401 challenge, 403).</summary>
    public Func<SipRequest, SipRemote, SipResponse?>? NewInviteFilter { get; set; }

    /// <summary>Live sessions (confirmed or early).</summary>
    public IReadOnlyCollection<InviteSession> Sessions => (IReadOnlyCollection<InviteSession>)_dialogs.Values;

    /// <summary>Entry point for every parsed message.</summary>
    public void OnMessage(SipMessage message, SipRemote remote)
    {
        if (message is SipRequest request)
        {
            Transactions.OnRequest(request, remote);
        }
        else if (message is SipResponse response)
        {
            Transactions.OnResponse(response, remote);
        }
    }

    /// <summary>RFC 3261 §8.2: checks in order, then in-dialog (§12.2.2) or out-of-dialog dispatch.</summary>
    public void OnRequest(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.MaxForwards == 0)
        {
            transaction.Respond(CreateResponse(request, 483, "Too Many Hops"));
            return;
        }

        if (RefusedByRequestChecks(transaction))
        {
            return;
        }

        var toTag = request.To?.Tag;
        if (toTag is not null)
        {
            if (_dialogs.TryGetValue(SipDialog.Key(request.CallId!, toTag, request.From?.Tag), out var session))
            {
                session.OnRequest(transaction);
            }
            else
            {
                transaction.Respond(CreateResponse(request, 481, "Call/Transaction Does Not Exist"));
            }

            return;
        }

        switch (request.Method)
        {
            case SipMethods.Invite:
                OnNewInvite((InviteServerTransaction)transaction);
                return;
            case SipMethods.Options:
                transaction.Respond(CreateOptionsResponse(request));
                return;
            case SipMethods.Bye or SipMethods.Info or SipMethods.Prack or SipMethods.Update:
                transaction.Respond(CreateResponse(request, 481, "Call/Transaction Does Not Exist"));
                return;
        }

        SipResponse? response = null;
        if (OutOfDialogRequestHandler is { } handler)
        {
            try
            {
                response = handler(request, transaction.Source);
            }
#pragma warning disable CA1031 // the application's failure becomes a 500, never a broken receive loop
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SipLog.ApplicationHandlerFailed(Logger, request.CallId ?? string.Empty, ex);
                response = CreateResponse(request, 500);
            }
        }

        transaction.Respond(response ?? CreateUnsupportedResponse(request));
    }

    private void OnNewInvite(InviteServerTransaction transaction)
    {
        if (!TryAdmitInvite(transaction, out var offer))
        {
            return;
        }

        if (NewInviteFilter?.Invoke(transaction.Request, transaction.Source) is { } refusal)
        {
            transaction.Respond(refusal); // e.g. a digest challenge (issue 12): no session is made
            return;
        }

        var session = new InviteSession(this, transaction, offer);
        var handler = IncomingCallHandler;
        if (handler is null)
        {
            transaction.Respond(CreateResponse(transaction.Request, 480, "Temporarily Unavailable", session.Dialog.LocalTag));
            return;
        }

        _dialogs[session.Dialog.Id] = session;
        _pendingInvites[transaction] = session;
        SipLog.IncomingCall(Logger, session.CallId, SipLogMask.Uri(session.RemoteParty.Uri), transaction.Source);
        session.StartAnswerTimeout(Options.UnansweredCallTimeout);
        var call = new IncomingCall(session);
        _ = Task.Run(async () =>
        {
            try
            {
                await handler(call).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // an application failure answers 500 if the call is still unanswered
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SipLog.ApplicationHandlerFailed(Logger, session.CallId, ex);
                if (!transaction.HasFinalResponse)
                {
                    session.Reject(500, null);
                }
                else if (session.IsAnswered)
                {
                    await session.HangupAsync().ConfigureAwait(false); // never leave an answered caller in silence
                }
            }
        });
    }

    private static bool IsSdp(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase);

    public void OnAck(SipRequest ack, SipRemote remote)
    {
        if (ack.CallId is { } callId && _dialogs.TryGetValue(SipDialog.Key(callId, ack.To?.Tag, ack.From?.Tag), out var session))
        {
            session.OnAck(ack);
        }
    }

    public void OnCancel(InviteServerTransaction invite)
    {
        if (_pendingInvites.TryGetValue(invite, out var session))
        {
            session.OnCancel();
        }
    }

    public void OnStrayResponse(SipResponse response, SipRemote remote)
    {
        // A 2xx retransmitted after the INVITE transaction ended means our ACK was lost (§13.2.2.4).
        if (response.StatusCode is >= 200 and < 300 &&
            response.CSeq is { Method: SipMethods.Invite } &&
            response.CallId is { } callId &&
            _dialogs.TryGetValue(SipDialog.Key(callId, response.From?.Tag, response.To?.Tag), out var session))
        {
            session.ResendAck();
        }
    }

    public void OnServerTransactionFailed(SipServerTransaction transaction, SipTransactionError error)
    {
        if (transaction is InviteServerTransaction invite && _pendingInvites.TryGetValue(invite, out var session))
        {
            session.Terminate(TerminationReason.TransportError);
        }
    }

    /// <summary>Forgets a terminated session.</summary>
    internal void Unregister(InviteSession session)
    {
        _dialogs.TryRemove(new KeyValuePair<string, InviteSession>(session.Dialog.Id, session));
        if (session.InviteTransaction is { } tx)
        {
            _pendingInvites.TryRemove(tx, out _);
        }
    }

    /// <summary>Registers a UAC session once its 2xx arrived.</summary>
    internal void Register(InviteSession session) => _dialogs[session.Dialog.Id] = session;

    /// <summary>§8.2.6 response with our Server header and, for dialog-less requests, a fresh To tag.</summary>
    internal SipResponse CreateResponse(SipRequest request, int statusCode, string? reason = null, string? toTag = null)
    {
        var response = SipResponseFactory.Create(request, statusCode, reason, toTag);
        response.Headers.Add("Server", Options.UserAgent);
        return response;
    }

    /// <summary>§11.2: 200 with Allow, Accept, Accept-Encoding, Accept-Language and Supported.</summary>
    internal SipResponse CreateOptionsResponse(SipRequest request)
    {
        var response = CreateResponse(request, 200);
        AddCapabilities(response);
        response.Headers.Add("Accept", AcceptedBodies);
        response.Headers.Add("Accept-Encoding", "identity");
        response.Headers.Add("Accept-Language", "en");
        return response;
    }

    /// <summary>405 with Allow for methods we know but do not serve (§8.2.1), 501 otherwise (§21.5.2).</summary>
    internal SipResponse CreateUnsupportedResponse(SipRequest request)
    {
        if (KnownUnsupported.Contains(request.Method))
        {
            var response = CreateResponse(request, 405, "Method Not Allowed");
            response.Headers.Add("Allow", Allow);
            return response;
        }

        return CreateResponse(request, 501, "Not Implemented");
    }

    /// <summary>Allow and Supported; an outgoing INVITE passes an empty <paramref name="supported"/>, since the UAC side
    /// implements neither PRACK sending nor session timers.</summary>
    internal void AddCapabilities(SipMessage message, string supported = SupportedOptions)
    {
        message.Headers.Add("Allow", Allow);
        message.Headers.Add("Supported", supported);
    }

    /// <summary>Our Contact for a peer reached over <paramref name="remote"/>'s transport.</summary>
    internal string ContactFor(SipRemote remote) => "<" + _addresses.ContactUri(Options.ContactUser, remote) + ">";

    /// <summary>Adds a top Via with a fresh RFC 3261 branch and rport (RFC 3581 §3) for a request sent to
    /// <paramref name="destination"/>.</summary>
    internal void AddVia(SipRequest request, SipRemote destination)
    {
        var (host, port) = _addresses.SentBy(destination);
        request.Headers.InsertFirst(
            "Via",
            "SIP/2.0/" + destination.Transport + " " + host + ":" + port.ToString(CultureInfo.InvariantCulture) +
            ";branch=" + SipIdentifiers.NewBranch() + ";rport");
    }

    /// <summary>Resolves the next hop of an in-dialog request: a TCP/TLS dialog without route set reuses its connection,
    /// a UDP one whose peer sent rport goes back to where its requests came from (RFC 3581, NAT).</summary>
    internal async ValueTask<SipRemote?> ResolveDialogDestinationAsync(SipDialog dialog, CancellationToken ct)
    {
        if (dialog.RouteSet.Count == 0 && (dialog.Flow.IsReliable || dialog.SymmetricFlow) && !IsExplicitTarget(dialog.RemoteTarget, dialog.Flow))
        {
            return dialog.Flow;
        }

        return await SipLocalAddresses.ResolveAsync(dialog.NextHop(), dialog.Flow.Transport, ct).ConfigureAwait(false);
    }

    private static bool IsExplicitTarget(SipUri target, SipRemote flow) =>
        SipTransportNames.Normalize(target.Transport) is { } transport && !string.Equals(transport, flow.Transport, StringComparison.Ordinal);

    /// <summary>Sends a request inside a dialog through a non-INVITE client transaction; null on timeout/transport error.</summary>
    internal async Task<SipResponse?> SendInDialogAsync(SipDialog dialog, SipRequest request, CancellationToken ct)
    {
        var destination = await ResolveDialogDestinationAsync(dialog, ct).ConfigureAwait(false);
        if (destination is null)
        {
            return null;
        }

        AddVia(request, destination);
        request.Headers.Add("User-Agent", Options.UserAgent);
        var transaction = Transactions.StartClient(request, destination, null);
        return await transaction.FinalResponse.WaitAsync(ct).ConfigureAwait(false);
    }
}
