using System.Globalization;
using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Dialogs;

/// <summary>Dialog state of RFC 3261 §12: Call-ID, tags, CSeq counters, remote target and route set. Builds
/// in-dialog requests (§12.2.1.1, loose and strict routing) and checks incoming ones (§12.2.2).</summary>
internal sealed class SipDialog
{
    private readonly object _gate = new();
    private long _localSeq;
    private long _remoteSeq = -1;

    private SipDialog(string callId, SipNameAddress local, SipNameAddress remote, SipUri remoteTarget, IReadOnlyList<string> routeSet, SipRemote flow)
    {
        CallId = callId;
        LocalParty = local;
        RemoteParty = remote;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        Flow = flow;
    }

    public string CallId { get; }

    /// <summary>Local URI with the local tag.</summary>
    public SipNameAddress LocalParty { get; }

    /// <summary>Remote URI with the remote tag (null tag only for RFC 2543 peers).</summary>
    public SipNameAddress RemoteParty { get; }

    public string LocalTag => LocalParty.Tag!;

    public string? RemoteTag => RemoteParty.Tag;

    /// <summary>Where requests go (Contact of the peer, §12.1.1/§12.1.2); updated by target refreshes (§12.2).</summary>
    public SipUri RemoteTarget { get; private set; }

    /// <summary>Route header values in the order they are sent.</summary>
    public IReadOnlyList<string> RouteSet { get; }

    /// <summary>The transport and (for TCP/TLS) connection the dialog was created on.</summary>
    public SipRemote Flow { get; }

    /// <summary>A UDP peer that asked for symmetric response routing (RFC 3581 rport): requests inside the dialog go
    /// back to the address its requests came from, which behind NAT is not the address in its Contact.</summary>
    public bool SymmetricFlow { get; private init; }

    public string Id => Key(CallId, LocalTag, RemoteTag);

    public static string Key(string callId, string? localTag, string? remoteTag) => callId + "|" + localTag + "|" + remoteTag;

    /// <summary>UAS side (§12.1.1): route set = Record-Route in request order, remote target = Contact.</summary>
    public static SipDialog CreateUas(SipRequest invite, SipRemote source, string localTag, long initialLocalSeq)
    {
        var routes = new List<string>(invite.Headers.GetValues("Record-Route"));
        var dialog = new SipDialog(
            invite.CallId!,
            invite.To!.WithTag(localTag),
            invite.From!,
            invite.Contact?.Uri ?? invite.From!.Uri,
            routes,
            source)
        {
            _localSeq = initialLocalSeq,
            _remoteSeq = invite.CSeq!.Value.Number,
            SymmetricFlow = !source.IsReliable && invite.TopVia is { HasRPort: true },
        };
        return dialog;
    }

    /// <summary>UAC side (§12.1.2): route set = Record-Route of the response reversed, remote target = its Contact.</summary>
    public static SipDialog CreateUac(SipRequest invite, SipResponse response, SipRemote destination)
    {
        var routes = new List<string>(response.Headers.GetValues("Record-Route"));
        routes.Reverse();
        return new SipDialog(
            invite.CallId!,
            invite.From!,
            response.To!,
            response.Contact?.Uri ?? invite.RequestUri,
            routes,
            destination)
        {
            _localSeq = invite.CSeq!.Value.Number,
        };
    }

    /// <summary>§12.2.2: a request with a lower CSeq than the last one is rejected (500); otherwise remembered.</summary>
    public bool AcceptRemoteSequence(long sequence)
    {
        lock (_gate)
        {
            if (_remoteSeq >= 0 && sequence < _remoteSeq)
            {
                return false;
            }

            _remoteSeq = sequence;
            return true;
        }
    }

    /// <summary>Target refresh (§12.2.1.2, §12.2.2): a re-INVITE or its 2xx replaces the remote target with its Contact.</summary>
    public void RefreshTarget(SipMessage message)
    {
        if (message.Contact is { } contact)
        {
            RemoteTarget = contact.Uri;
        }
    }

    /// <summary>Next local CSeq number (§12.2.1.1: strictly increasing).</summary>
    public long NextSequence() => Interlocked.Increment(ref _localSeq);

    /// <summary>A request within the dialog (§12.2.1.1) with the given CSeq; Via/Contact are added by the caller.</summary>
    public SipRequest CreateRequest(string method, long sequence)
    {
        var strict = RouteSet.Count > 0 && !IsLooseRoute(RouteSet[0]);
        var requestUri = strict && SipNameAddress.TryParse(RouteSet[0], out var first) ? first.Uri : RemoteTarget;
        var request = new SipRequest(method, requestUri);
        request.Headers.Add("Max-Forwards", "70");
        request.Headers.Add("From", LocalParty.ToString());
        request.Headers.Add("To", RemoteParty.ToString());
        request.Headers.Add("Call-ID", CallId);
        request.Headers.Add("CSeq", sequence.ToString(CultureInfo.InvariantCulture) + " " + method);
        for (var i = strict ? 1 : 0; i < RouteSet.Count; i++)
        {
            request.Headers.Add("Route", RouteSet[i]);
        }

        if (strict)
        {
            request.Headers.Add("Route", "<" + RemoteTarget + ">");
        }

        return request;
    }

    /// <summary>The URI of the next hop: first Route when present (§12.2.1.1, then §8.1.2), else the remote target.</summary>
    public SipUri NextHop()
    {
        if (RouteSet.Count > 0 && SipNameAddress.TryParse(RouteSet[0], out var first))
        {
            return first.Uri;
        }

        return RemoteTarget;
    }

    private static bool IsLooseRoute(string route) =>
        SipNameAddress.TryParse(route, out var value) && HasFlag(value.Uri, "lr");

    private static bool HasFlag(SipUri uri, string name)
    {
        foreach (var parameter in uri.Parameters)
        {
            if (parameter.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
