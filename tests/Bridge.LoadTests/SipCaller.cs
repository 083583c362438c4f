using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridge.LoadTests;

/// <summary>
/// The smallest user agent that really joins a Bridge room (RFC 3261 over UDP): INVITE with a PCMU offer, ACK to the
/// 200's Contact, the PIN keyed as RFC 4733 events on the participant's RTP, BYE at the end. Requests the server sends
/// inside a dialog are answered 200. One socket serves every call; answers are matched by Call-ID.
/// </summary>
internal sealed class SipCaller : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _pending = new();
    private readonly Dictionary<string, Dialog> _dialogs = [];
    private readonly int _port;
    private long _byeRetransmissions;
    private const string ByeKey = "|BYE";
    private static readonly TimeSpan TimerF = TimeSpan.FromSeconds(32);

    public SipCaller(IPEndPoint server)
    {
        _server = server;
        _port = LoadPorts.Bind(_socket);
        _ = Task.Run(ReceiveLoopAsync);
    }

    private sealed record Dialog(string CallId, string From, string To, string Target, byte[] Ack);

    /// <summary>Calls <paramref name="dialled"/>, sends RTP from <paramref name="participant"/>, keys <paramref name="pin"/>.</summary>
    public async Task JoinAsync(RtpParticipant participant, string dialled, string pin, CancellationToken cancel)
    {
        var sdp =
            "v=0\r\n" +
            $"o=load {participant.LocalPort} 1 IN IP4 127.0.0.1\r\n" +
            "s=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            $"m=audio {participant.LocalPort} RTP/AVP 0 101\r\n" +
            "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
        var ok = await CallAsync(Guid.NewGuid().ToString("N") + "@load", $"load{participant.LocalPort}", dialled, sdp, cancel);
        participant.SendTo(MediaAddress(ok));
        await Task.Delay(1500, cancel); // the PIN prompt starts
        participant.Key(pin);
    }

    /// <summary>
    /// INVITE (retransmitted after 1, 2, 3 … s until a final answer, RFC 3261 §17.1.1.2 in spirit), then ACK to the 200's
    /// Contact; returns the 200 (its SDP is the answer). The dialog is kept for <see cref="HangUpAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The final answer was not 200.</exception>
    /// <exception cref="TimeoutException">No final answer after 8 attempts.</exception>
    public async Task<string> CallAsync(string callId, string fromUser, string dialled, string sdp, CancellationToken cancel)
    {
        var from = $"<sip:{fromUser}@127.0.0.1:{_port}>;tag={Guid.NewGuid():N}";
        var uri = $"sip:{dialled}@{_server}";
        var invite = Request("INVITE", uri, callId, from, $"<{uri}>", 1, "Content-Type: application/sdp\r\n", sdp);
        // Retransmitted after 1, 2, 3 … s until a final answer (RFC 3261 §17.1.1.2 in spirit).
        var (answered, _) = await SendUntilAnsweredAsync(callId, invite, Enumerable.Range(1, 8).Select(n => TimeSpan.FromSeconds(n)), quietly: false, cancel);
        var ok = answered ?? throw new TimeoutException($"no final answer to the INVITE {callId}");
        if (!ok.StartsWith("SIP/2.0 200", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"INVITE answered {ok[..ok.IndexOf('\r', StringComparison.Ordinal)]}");
        }

        var to = Header(ok, "To") ?? throw new InvalidOperationException("200 without To");
        var contact = Header(ok, "Contact") ?? $"<{uri}>";
        var target = contact[(contact.IndexOf('<', StringComparison.Ordinal) + 1)..contact.IndexOf('>', StringComparison.Ordinal)];
        var ack = Request("ACK", target, callId, from, to, 1, "", "");
        lock (_dialogs)
        {
            _dialogs[callId] = new Dialog(callId, from, to, target, ack);
        }

        await _socket.SendToAsync(ack, _server, cancel);

        return ok;
    }

    /// <summary>BYEs sent again because no final answer had come (each counts once per resend).</summary>
    public long ByeRetransmissions => Interlocked.Read(ref _byeRetransmissions);

    /// <summary>
    /// Ends one call with BYE, sent again after 0.5, 1, 2, 4, 4 … s until a final answer (RFC 3261 §17.1.2.2: Timer E doubling
    /// up to T2, given up with Timer F after 32 s), as a phone does: a BYE lost in a burst (a full receive buffer) is not
    /// the end of the call for the caller.
    /// </summary>
    public async Task HangUpAsync(string callId)
    {
        Dialog? dialog;
        lock (_dialogs)
        {
            _dialogs.Remove(callId, out dialog);
        }

        if (dialog is not null)
        {
            await ByeAsync(dialog);
        }
    }

    /// <summary>Ends every call: the first BYEs go out back to back, each then retransmitted until answered (<see cref="HangUpAsync"/>).</summary>
    public async Task HangUpAllAsync()
    {
        Dialog[] dialogs;
        lock (_dialogs)
        {
            dialogs = [.. _dialogs.Values];
            _dialogs.Clear();
        }

        await Task.WhenAll(dialogs.Select(ByeAsync));
    }

    private async Task ByeAsync(Dialog dialog)
    {
        var bye = Request("BYE", dialog.Target, dialog.CallId, dialog.From, dialog.To, 2, "", "");
        var (_, sent) = await SendUntilAnsweredAsync(dialog.CallId + ByeKey, bye, ByeWaits(), quietly: true, CancellationToken.None);
        Interlocked.Add(ref _byeRetransmissions, sent - 1);
    }

    /// <summary>Timer E for a request other than INVITE: 0.5 s doubling up to T2 (4 s), until Timer F (32 s) has run out.</summary>
    private static IEnumerable<TimeSpan> ByeWaits()
    {
        var total = TimeSpan.Zero;
        for (var wait = TimeSpan.FromMilliseconds(500); total < TimerF; wait = TimeSpan.FromTicks(Math.Min(2 * wait.Ticks, TimeSpan.FromSeconds(4).Ticks)))
        {
            yield return wait;
            total += wait;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/>, and again after each of <paramref name="waits"/> that passes without a final answer
    /// (received under <paramref name="key"/>); the answer (null when none came) and how many times it was sent.
    /// <paramref name="quietly"/>: a failed send counts as a lost datagram instead of throwing.
    /// </summary>
    private async Task<(string? Answer, int Sent)> SendUntilAnsweredAsync(string key, byte[] request, IEnumerable<TimeSpan> waits, bool quietly, CancellationToken cancel)
    {
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = answer;
        int sent = 0;
        try
        {
            foreach (var wait in waits)
            {
                if (quietly)
                {
                    await SendQuietlyAsync(request, _server);
                }
                else
                {
                    await _socket.SendToAsync(request, _server, cancel);
                }

                sent++;
                if (await Task.WhenAny(answer.Task, Task.Delay(wait, cancel)) == answer.Task)
                {
                    return (await answer.Task, sent);
                }
            }

            return (null, sent);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private byte[] Request(string method, string uri, string callId, string from, string to, int cseq, string extra, string body) =>
        Encoding.ASCII.GetBytes(
            $"{method} {uri} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{_port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: {from}\r\nTo: {to}\r\nCall-ID: {callId}\r\nCSeq: {cseq} {method}\r\n" +
            $"Contact: <sip:load@127.0.0.1:{_port}>\r\n" + extra +
            $"Content-Length: {Encoding.ASCII.GetByteCount(body)}\r\n\r\n" + body);

    /// <summary>The audio address of an SDP body inside a SIP message (c= and m=audio).</summary>
    public static IPEndPoint MediaAddress(string message)
    {
        var address = IPAddress.Loopback;
        int port = 0;
        foreach (var line in message.Split("\r\n"))
        {
            if (line.StartsWith("c=IN IP4 ", StringComparison.Ordinal))
            {
                address = IPAddress.Parse(line["c=IN IP4 ".Length..].Trim());
            }
            else if (line.StartsWith("m=audio ", StringComparison.Ordinal))
            {
                port = int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
            }
        }

        return port > 0 ? new IPEndPoint(address, port) : throw new InvalidOperationException("200 without an audio port");
    }

    private static string? Header(string message, string name)
    {
        foreach (var line in message.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                return null;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[8192];
        while (true)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0));
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var text = Encoding.ASCII.GetString(buffer, 0, result.ReceivedBytes);
            var callId = Header(text, "Call-ID") ?? "";
            if (text.StartsWith("SIP/2.0 ", StringComparison.Ordinal))
            {
                // Answers to a BYE wait under their own key: a retransmitted 200 to the INVITE has the same Call-ID.
                string key = Header(text, "CSeq")?.EndsWith("BYE", StringComparison.Ordinal) == true ? callId + ByeKey : callId;
                if (text.Length > 9 && text[8] >= '2' && _pending.TryGetValue(key, out var answer))
                {
                    answer.TrySetResult(text);
                }
                else if (text.StartsWith("SIP/2.0 2", StringComparison.Ordinal) && ResentAck(callId, text) is { } ack)
                {
                    // RFC 3261 §13.2.2.4: every retransmission of the 2xx gets the ACK again (the first one was lost).
                    await SendQuietlyAsync(ack, _server);
                }
            }
            else if (!text.StartsWith("ACK ", StringComparison.Ordinal))
            {
                // A request inside a dialog (BYE, a session refresh): 200, echoing the transaction's headers.
                var reply = "SIP/2.0 200 OK\r\n" +
                    $"Via: {Header(text, "Via")}\r\nFrom: {Header(text, "From")}\r\nTo: {Header(text, "To")}\r\n" +
                    $"Call-ID: {callId}\r\nCSeq: {Header(text, "CSeq")}\r\nContent-Length: 0\r\n\r\n";
                await SendQuietlyAsync(Encoding.ASCII.GetBytes(reply), result.RemoteEndPoint);
            }
        }
    }

    /// <summary>A send from the receive loop: a failure (a full buffer, ICMP) must not end the loop.</summary>
    private async Task SendQuietlyAsync(byte[] datagram, EndPoint to)
    {
        try
        {
            await _socket.SendToAsync(datagram, to);
        }
        catch (SocketException)
        {
            // lost like any datagram: the peer retransmits
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private byte[]? ResentAck(string callId, string response)
    {
        if (Header(response, "CSeq")?.EndsWith("INVITE", StringComparison.Ordinal) != true)
        {
            return null;
        }

        lock (_dialogs)
        {
            return _dialogs.TryGetValue(callId, out var dialog) ? dialog.Ack : null;
        }
    }

    public void Dispose() => _socket.Dispose();
}
