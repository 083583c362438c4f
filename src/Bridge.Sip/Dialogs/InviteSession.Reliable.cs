using System.Globalization;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Dialogs;

/// <summary>Reliable provisional responses (RFC 3262): a 18x to a caller that requires or supports 100rel carries
/// Require: 100rel and an RSeq, is retransmitted from T1 doubling until its PRACK (§3), and the 2xx to the INVITE
/// waits until that PRACK arrived; without a PRACK for 64*T1 the INVITE is rejected with 5xx.</summary>
public sealed partial class InviteSession
{
    private SipTransactionTimer? _reliableRetransmit;
    private SipTransactionTimer? _reliableGiveUp;
    private ReadOnlyMemory<byte> _reliableBytes;
    private SipRemote? _reliableDestination;
    private long _lastRSeq;
    private long _pendingRSeq;
    private ReadOnlyMemory<byte>? _heldAnswer;

    /// <summary>True when our 18x are sent reliably (the INVITE said Require or Supported: 100rel).</summary>
    private bool UsesReliableProvisionals => !IsOutgoing && SessionTimer.HasOption(Invite, "100rel");

    /// <summary>Sends <paramref name="provisional"/> reliably when the caller asked for 100rel; false otherwise (the
    /// caller then sends it the ordinary way). Only one reliable 18x is outstanding at a time (§3).</summary>
    private bool TrySendReliable(InviteServerTransaction tx, SipResponse provisional)
    {
        if (!UsesReliableProvisionals)
        {
            return false;
        }

        lock (_gate)
        {
            if (_pendingRSeq != 0 || State == InviteSessionState.Terminated)
            {
                return true; // the previous one is not PRACKed yet: this one is dropped (§3)
            }

            _lastRSeq = _lastRSeq == 0 ? Random.Shared.Next(1, 1 << 30) : _lastRSeq + 1;
            _pendingRSeq = _lastRSeq;
            provisional.Headers.Add(SipHeaderNames.Require, "100rel");
            provisional.Headers.Add(SipHeaderNames.RSeq, _lastRSeq.ToString(CultureInfo.InvariantCulture));
            _reliableBytes = provisional.ToBytes();
            _reliableDestination = tx.Peer;
            _reliableRetransmit ??= new SipTransactionTimer(_ua.Time, OnReliableRetransmit);
            _reliableGiveUp ??= new SipTransactionTimer(_ua.Time, OnReliableGiveUp);
            _reliableRetransmit.Start(_ua.Timers.T1);
            _reliableGiveUp.Start(_ua.Timers.TransactionTimeout);
        }

        tx.Respond(provisional);
        return true;
    }

    /// <summary>Holds the 2xx while a reliable 18x waits for its PRACK (§3); true when held.</summary>
    private bool HoldAnswerUntilPrack(ReadOnlyMemory<byte> sdp)
    {
        lock (_gate)
        {
            if (_pendingRSeq == 0)
            {
                return false;
            }

            _heldAnswer = sdp;
            return true;
        }
    }

    /// <summary>§7.2: a PRACK whose RAck names the outstanding reliable 18x gets 200 and releases a held 2xx; any other
    /// PRACK gets 481.</summary>
    private void OnPrack(SipServerTransaction tx)
    {
        var request = tx.Request;
        ReadOnlyMemory<byte>? held = null;
        var matched = false;
        if (TryParseRAck(request.Headers[SipHeaderNames.RAck], out var rseq, out var cseq, out var method)
            && cseq == Invite.CSeq!.Value.Number && string.Equals(method, SipMethods.Invite, StringComparison.Ordinal))
        {
            lock (_gate)
            {
                if (_pendingRSeq != 0 && rseq == _pendingRSeq)
                {
                    matched = true;
                    _pendingRSeq = 0;
                    _reliableRetransmit?.Stop();
                    _reliableGiveUp?.Stop();
                    held = _heldAnswer;
                    _heldAnswer = null;
                }
            }
        }

        if (!matched)
        {
            tx.Respond(_ua.CreateResponse(request, 481, "Call/Transaction Does Not Exist"));
            return;
        }

        tx.Respond(_ua.CreateResponse(request, 200));
        if (held is { } answer)
        {
            Accept(answer);
        }
    }

    /// <summary>RAck: response-num CSeq-num Method (RFC 3262 §7.2).</summary>
    private static bool TryParseRAck(string? value, out long rseq, out long cseq, out string method)
    {
        rseq = 0;
        cseq = 0;
        method = string.Empty;
        var parts = value?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 3 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out rseq)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out cseq))
        {
            return false;
        }

        method = parts[2];
        return true;
    }

    private void OnReliableRetransmit()
    {
        ReadOnlyMemory<byte> bytes;
        SipRemote destination;
        lock (_gate)
        {
            if (_pendingRSeq == 0 || _reliableDestination is null || _reliableRetransmit is null)
            {
                return;
            }

            _reliableRetransmit.Start(_reliableRetransmit.Interval * 2); // §3: T1, doubling each time
            bytes = _reliableBytes;
            destination = _reliableDestination;
        }

        _ = _ua.Channel.SendAsync(bytes, destination);
    }

    private void OnReliableGiveUp()
    {
        lock (_gate)
        {
            if (_pendingRSeq == 0)
            {
                return;
            }

            _pendingRSeq = 0;
            _heldAnswer = null;
            _reliableRetransmit?.Stop();
        }

        SipLog.PrackTimeout(_ua.Logger, CallId);
        Reject(500, "No PRACK");
    }

    private void StopReliableProvisional()
    {
        lock (_gate)
        {
            _pendingRSeq = 0;
            _heldAnswer = null;
        }

        _reliableRetransmit?.Stop();
        _reliableGiveUp?.Stop();
    }
}
