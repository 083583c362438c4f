using System.Globalization;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;

namespace Bridge.Sip.Stack;

/// <summary>Request checks of RFC 3261 §8.2.2 for the extensions the bridge supports: 416 for a Request-URI scheme it
/// does not know (§8.2.2.1), 420 for a required option other than 100rel (RFC 3262) and timer (RFC 4028) (§8.2.2.3),
/// and for a new INVITE: its body (SDP, or the SDP part of a multipart body, RFC 5621; else 415), 481 for a Replaces
/// naming a dialog the bridge does not have (RFC 3891 §3), 422 for a too small Session-Expires (RFC 4028 §9).</summary>
internal sealed partial class SipUserAgent
{
    /// <summary>Option tags we implement (Supported, RFC 3261 §20.37).</summary>
    public const string SupportedOptions = "100rel, timer";

    /// <summary>Bodies a request may carry (Accept, RFC 3261 §20.1): SDP, alone or as a part of a multipart body.</summary>
    public const string AcceptedBodies = "application/sdp, multipart/mixed";

    private static readonly string[] KnownOptions = ["100rel", "timer"];

    /// <summary>§8.2.2.1 and §8.2.2.3; true when the request was answered here.</summary>
    private bool RefusedByRequestChecks(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        var scheme = request.RequestUri.Scheme;
        if (scheme is not ("sip" or "sips" or "tel"))
        {
            transaction.Respond(CreateResponse(request, 416, "Unsupported URI Scheme"));
            return true;
        }

        if (string.Equals(request.Method, SipMethods.Cancel, StringComparison.Ordinal))
        {
            return false;
        }

        List<string>? unknown = null;
        foreach (var option in request.Headers.GetValues(SipHeaderNames.Require))
        {
            var tag = option.Trim();
            if (Array.FindIndex(KnownOptions, known => string.Equals(known, tag, StringComparison.OrdinalIgnoreCase)) < 0)
            {
                (unknown ??= []).Add(tag);
            }
        }

        if (unknown is null)
        {
            return false;
        }

        var bad = CreateResponse(request, 420, "Bad Extension");
        bad.Headers.Add(SipHeaderNames.Unsupported, string.Join(", ", unknown));
        transaction.Respond(bad);
        return true;
    }

    /// <summary>Checks a new INVITE before a session is made; on success <paramref name="offer"/> is its SDP (empty for
    /// a late offer). False when the INVITE was answered here.</summary>
    private bool TryAdmitInvite(InviteServerTransaction transaction, out ReadOnlyMemory<byte> offer)
    {
        var request = transaction.Request;
        offer = request.Body;
        if (!request.Body.IsEmpty && !IsSdp(request.ContentType))
        {
            var outcome = SipMultipartBody.IsMultipart(request.ContentType)
                ? SipMultipartBody.FindSdp(request.ContentType!, request.Body, out offer)
                : SipMultipartBody.Outcome.UnsupportedRequired;
            switch (outcome)
            {
                case SipMultipartBody.Outcome.Malformed:
                    transaction.Respond(CreateResponse(request, 400, "Malformed Multipart Body"));
                    return false;
                case SipMultipartBody.Outcome.UnsupportedRequired:
                    // §8.2.3: a body we cannot read gets 415 with what we accept.
                    var unsupported = CreateResponse(request, 415, "Unsupported Media Type");
                    unsupported.Headers.Add("Accept", AcceptedBodies);
                    transaction.Respond(unsupported);
                    return false;
                case SipMultipartBody.Outcome.NoSdp:
                    offer = ReadOnlyMemory<byte>.Empty;
                    break;
            }
        }

        if (request.Headers["Replaces"] is { } replaces && !HasReplacedDialog(replaces))
        {
            transaction.Respond(CreateResponse(request, 481, "Call/Transaction Does Not Exist"));
            return false;
        }

        if (SessionTimer.IsTooSmall(request, Options.SessionTimerMinimum))
        {
            transaction.Respond(CreateIntervalTooSmall(request));
            return false;
        }

        return true;
    }

    /// <summary>RFC 3891 §3: Replaces = Call-ID;to-tag=…;from-tag=…, matched against our dialogs in either direction.</summary>
    private bool HasReplacedDialog(string replaces)
    {
        var parts = replaces.Split(';');
        string? toTag = null;
        string? fromTag = null;
        foreach (var part in parts.AsSpan(1))
        {
            var p = part.Trim();
            if (p.StartsWith("to-tag=", StringComparison.OrdinalIgnoreCase))
            {
                toTag = p["to-tag=".Length..];
            }
            else if (p.StartsWith("from-tag=", StringComparison.OrdinalIgnoreCase))
            {
                fromTag = p["from-tag=".Length..];
            }
        }

        var callId = parts[0].Trim();
        return toTag is not null && fromTag is not null &&
               (_dialogs.ContainsKey(SipDialog.Key(callId, toTag, fromTag)) || _dialogs.ContainsKey(SipDialog.Key(callId, fromTag, toTag)));
    }

    /// <summary>RFC 4028 §6: 422 Session Interval Too Small with our Min-SE.</summary>
    internal SipResponse CreateIntervalTooSmall(SipRequest request)
    {
        var response = CreateResponse(request, 422, "Session Interval Too Small");
        response.Headers.Add(SipHeaderNames.MinSE, ((int)Options.SessionTimerMinimum.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        return response;
    }
}
