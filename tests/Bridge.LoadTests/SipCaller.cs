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
    private readonly List<Dialog> _dialogs = [];
    private readonly int _port;

    public SipCaller(IPEndPoint server)
    {
        _server = server;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _ = Task.Run(ReceiveLoopAsync);
    }

    private sealed record Dialog(string CallId, string From, string To, string Target);

    /// <summary>Calls <paramref name="dialled"/>, sends RTP from <paramref name="participant"/>, keys <paramref name="pin"/>.</summary>
    public async Task JoinAsync(RtpParticipant participant, string dialled, string pin, CancellationToken cancel)
    {
        var callId = Guid.NewGuid().ToString("N") + "@load";
        var from = $"<sip:load{participant.LocalPort}@127.0.0.1:{_port}>;tag={Guid.NewGuid():N}";
        var uri = $"sip:{dialled}@{_server}";
        var sdp =
            "v=0\r\n" +
            $"o=load {participant.LocalPort} 1 IN IP4 127.0.0.1\r\n" +
            "s=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            $"m=audio {participant.LocalPort} RTP/AVP 0 101\r\n" +
            "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
        var invite = Request("INVITE", uri, callId, from, $"<{uri}>", 1, "Content-Type: application/sdp\r\n", sdp);
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[callId] = answer;
        for (int attempt = 0; !answer.Task.IsCompleted; attempt++)
        {
            if (attempt == 8)
            {
                throw new TimeoutException($"no final answer to the INVITE {callId}");
            }

            await _socket.SendToAsync(invite, _server, cancel);
            await Task.WhenAny(answer.Task, Task.Delay(1000 * (attempt + 1), cancel));
        }

        var ok = await answer.Task;
        _pending.TryRemove(callId, out _);
        if (!ok.StartsWith("SIP/2.0 200", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"INVITE answered {ok[..ok.IndexOf('\r', StringComparison.Ordinal)]}");
        }

        var to = Header(ok, "To") ?? throw new InvalidOperationException("200 without To");
        var contact = Header(ok, "Contact") ?? $"<{uri}>";
        var target = contact[(contact.IndexOf('<', StringComparison.Ordinal) + 1)..contact.IndexOf('>', StringComparison.Ordinal)];
        await _socket.SendToAsync(Request("ACK", target, callId, from, to, 1, "", ""), _server, cancel);
        lock (_dialogs)
        {
            _dialogs.Add(new Dialog(callId, from, to, target));
        }

        participant.SendTo(MediaAddress(ok));
        await Task.Delay(1500, cancel); // the PIN prompt starts
        participant.Key(pin);
    }

    /// <summary>Ends every call (BYE; the answers are not awaited).</summary>
    public async Task HangUpAllAsync()
    {
        Dialog[] dialogs;
        lock (_dialogs)
        {
            dialogs = [.. _dialogs];
            _dialogs.Clear();
        }

        foreach (var dialog in dialogs)
        {
            await _socket.SendToAsync(Request("BYE", dialog.Target, dialog.CallId, dialog.From, dialog.To, 2, "", ""), _server);
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

    private static IPEndPoint MediaAddress(string message)
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
                if (text.Length > 9 && text[8] >= '2' && _pending.TryGetValue(callId, out var answer))
                {
                    answer.TrySetResult(text);
                }
            }
            else if (!text.StartsWith("ACK ", StringComparison.Ordinal))
            {
                // A request inside a dialog (BYE, a session refresh): 200, echoing the transaction's headers.
                var reply = "SIP/2.0 200 OK\r\n" +
                    $"Via: {Header(text, "Via")}\r\nFrom: {Header(text, "From")}\r\nTo: {Header(text, "To")}\r\n" +
                    $"Call-ID: {callId}\r\nCSeq: {Header(text, "CSeq")}\r\nContent-Length: 0\r\n\r\n";
                await _socket.SendToAsync(Encoding.ASCII.GetBytes(reply), result.RemoteEndPoint);
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
