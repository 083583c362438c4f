using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>Transaction table and matching (RFC 3261 §17.1.3, §17.2.3 including the pre-3261 fallback), CANCEL
/// matching (§9.2), merged-request detection (§8.2.2.2 → 482) and the received/rport stamping of §18.2.1 / RFC 3581.</summary>
internal sealed class SipTransactionLayer
{
    private readonly ConcurrentDictionary<string, SipClientTransaction> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SipServerTransaction> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _merged = new(StringComparer.Ordinal);

    public SipTransactionLayer(ISipMessageChannel channel, TimeProvider time, SipTimerOptions timers, ISipTransactionUser user)
    {
        Channel = channel;
        Time = time;
        Timers = timers;
        User = user;
    }

    public ISipMessageChannel Channel { get; }

    public TimeProvider Time { get; }

    public SipTimerOptions Timers { get; }

    public ISipTransactionUser User { get; }

    /// <summary>Live transactions (tests).</summary>
    public int Count => _clients.Count + _servers.Count;

    public static string ClientKey(string branch, string method) => branch + "|" + method;

    /// <summary>Starts a client transaction for <paramref name="request"/> (which must carry a top Via with a branch).</summary>
    public SipClientTransaction StartClient(SipRequest request, SipRemote destination, Action<SipClientTransaction, SipResponse>? onResponse)
    {
        SipClientTransaction transaction = string.Equals(request.Method, SipMethods.Invite, StringComparison.Ordinal)
            ? new InviteClientTransaction(this, request, destination)
            : new NonInviteClientTransaction(this, request, destination);
        transaction.ResponseReceived = onResponse;
        _clients[transaction.Key] = transaction;
        transaction.Start();
        return transaction;
    }

    /// <summary>A parsed response from the transport (RFC 3261 §17.1.3, §18.1.2).</summary>
    public void OnResponse(SipResponse response, SipRemote remote)
    {
        var branch = response.TopVia?.Branch;
        var method = response.CSeq?.Method;
        // Responses go up to transactions and dialogs, which may keep them.
        response.Detach();
        if (branch is not null && method is not null && _clients.TryGetValue(ClientKey(branch, method), out var transaction))
        {
            transaction.OnResponse(response);
            return;
        }

        User.OnStrayResponse(response, remote);
    }

    /// <summary>A parsed request from the transport (RFC 3261 §17.2.3).</summary>
    public void OnRequest(SipRequest request, SipRemote remote)
    {
        var via = request.TopVia;
        if (via is null || request.CSeq is null || request.CallId is null)
        {
            return; // the parser reports these as malformed; nothing to match against
        }

        StampReceived(request, via, remote);
        var method = request.Method;
        if (string.Equals(method, SipMethods.Ack, StringComparison.Ordinal))
        {
            if (_servers.TryGetValue(ServerKey(request, SipMethods.Invite), out var tx) && tx is InviteServerTransaction invite && !invite.OnAck())
            {
                return; // absorbed: the ACK of a non-2xx final response (§17.2.1)
            }

            request.Detach();
            User.OnAck(request, remote);
            return;
        }

        var key = ServerKey(request, method);
        if (_servers.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission();
            return; // absorbed: the transaction answers from its own copy
        }

        // From here the request starts a transaction, which keeps it: it gets its own bytes (§17.2.3 ends the fast path
        // of absorbed retransmissions, which never copy the receive buffer).
        request.Detach();

        if (string.Equals(method, SipMethods.Cancel, StringComparison.Ordinal))
        {
            HandleCancel(request, remote, key);
            return;
        }

        if (request.To?.Tag is null && string.Equals(method, SipMethods.Options, StringComparison.Ordinal))
        {
            User.OnRequest(new StatelessServerTransaction(this, key, request, remote)); // §8.2.7: nothing kept
            return;
        }

        if (request.To?.Tag is null && IsMerged(request, key))
        {
            var loop = Add(new NonInviteServerTransaction(this, key, request, remote));
            loop.Respond(SipResponseFactory.Create(request, 482, "Loop Detected"));
            return;
        }

        if (string.Equals(method, SipMethods.Invite, StringComparison.Ordinal))
        {
            var invite = new InviteServerTransaction(this, key, request, remote);
            Add(invite);
            invite.SendTrying();
            User.OnRequest(invite);
        }
        else
        {
            User.OnRequest(Add(new NonInviteServerTransaction(this, key, request, remote)));
        }
    }

    private void HandleCancel(SipRequest cancel, SipRemote remote, string key)
    {
        var cancelTx = Add(new NonInviteServerTransaction(this, key, cancel, remote));
        if (!_servers.TryGetValue(ServerKey(cancel, SipMethods.Invite), out var found) || found is not InviteServerTransaction invite)
        {
            cancelTx.Respond(SipResponseFactory.Create(cancel, 481, "Call/Transaction Does Not Exist"));
            return;
        }

        // §9.2: the CANCEL's To tag must equal the one the INVITE's responses carry.
        var toTag = invite.LastResponse?.To?.Tag;
        cancelTx.Respond(SipResponseFactory.Create(cancel, 200, null, toTag));
        if (!invite.HasFinalResponse)
        {
            User.OnCancel(invite);
        }
    }

    /// <summary>§8.2.2.2: no To tag, and From tag, Call-ID and CSeq equal to a request already in a different transaction.</summary>
    private bool IsMerged(SipRequest request, string key)
    {
        var mergeKey = request.CallId + "|" + request.From?.Tag + "|" +
            request.CSeq!.Value.Number.ToString(CultureInfo.InvariantCulture) + "|" + request.Method;
        var owner = _merged.GetOrAdd(mergeKey, key);
        if (string.Equals(owner, key, StringComparison.Ordinal))
        {
            return false;
        }

        if (_servers.ContainsKey(owner))
        {
            return true;
        }

        _merged[mergeKey] = key;
        return false;
    }

    private T Add<T>(T transaction)
        where T : SipServerTransaction
    {
        _servers[transaction.Key] = transaction;
        return transaction;
    }

    internal void Remove(SipTransaction transaction)
    {
        if (transaction is SipClientTransaction client)
        {
            _clients.TryRemove(new KeyValuePair<string, SipClientTransaction>(client.Key, client));
        }
        else if (transaction is SipServerTransaction server)
        {
            _servers.TryRemove(new KeyValuePair<string, SipServerTransaction>(server.Key, server));
            var request = server.Request;
            var mergeKey = request.CallId + "|" + request.From?.Tag + "|" +
                request.CSeq!.Value.Number.ToString(CultureInfo.InvariantCulture) + "|" + request.Method;
            _merged.TryRemove(new KeyValuePair<string, string>(mergeKey, server.Key));
        }
    }

    /// <summary>§17.2.3: branch + sent-by + method (ACK → INVITE) for RFC 3261 branches; otherwise the pre-3261
    /// tuple of Request-URI, From tag, Call-ID, CSeq number and top Via.</summary>
    internal static string ServerKey(SipRequest request, string method)
    {
        var via = request.TopVia!;
        var branch = via.Branch;
        var sentBy = via.Host + ":" + (via.Port?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        if (branch is not null && branch.StartsWith(SipIdentifiers.MagicCookie, StringComparison.Ordinal))
        {
            return branch + "|" + sentBy + "|" + method;
        }

        return "old|" + request.RequestUri + "|" + request.From?.Tag + "|" + request.CallId + "|" +
            request.CSeq!.Value.Number.ToString(CultureInfo.InvariantCulture) + "|" + sentBy + "|" + branch + "|" + method;
    }

    /// <summary>RFC 3261 §18.2.1 and RFC 3581 §4: received= when sent-by differs from the source address, and the
    /// source port in rport when the client asked for it. The top Via header is rewritten so responses carry it.</summary>
    internal static void StampReceived(SipRequest request, SipVia via, SipRemote remote)
    {
        var source = remote.EndPoint.Address.ToString();
        var changed = false;
        if (!IPAddress.TryParse(via.Host.Trim('[', ']'), out var sentBy) || !sentBy.Equals(remote.EndPoint.Address) || via.HasRPort)
        {
            via.Received = source;
            changed = true;
        }

        if (via.HasRPort)
        {
            via.RPort = remote.EndPoint.Port;
            changed = true;
        }

        if (!changed)
        {
            return;
        }

        request.SetTopVia(via);
    }

    /// <summary>RFC 3261 §18.2.2 / RFC 3581 §4: reliable → the same connection (if it closed, a new one to
    /// the source address and the sent-by port); UDP with rport → source address and
    /// port; otherwise the received address (always the source here) and the Via port (default 5060).</summary>
    internal static SipRemote ResponseDestination(SipRequest request, SipRemote source)
    {
        var via = request.TopVia;
        if (source.IsReliable)
        {
            var sentByPort = via?.Port ?? SipTransportNames.DefaultPort(source.Transport);
            return source with { ReconnectEndPoint = new IPEndPoint(source.EndPoint.Address, sentByPort) };
        }

        if (via is null || via.HasRPort)
        {
            return source;
        }

        var port = via.Port ?? SipTransportNames.DefaultPort(source.Transport);
        return port == source.EndPoint.Port ? source : source with { EndPoint = new IPEndPoint(source.EndPoint.Address, port) };
    }
}
