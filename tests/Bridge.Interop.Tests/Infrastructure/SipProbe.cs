using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>A minimal UDP SIP client bound to a chosen loopback address, for requests the peers cannot make
/// (answers compared header by header, OPTIONS retransmitted like RFC 3261 Timer E while the bridge is flooded).</summary>
public sealed class SipProbe : IDisposable
{
    private readonly UdpClient _socket;
    private readonly IPEndPoint _bridge;

    public SipProbe(string localAddress, int bridgePort)
    {
        _socket = new UdpClient(new IPEndPoint(IPAddress.Parse(localAddress), 0));
        _bridge = new IPEndPoint(IPAddress.Loopback, bridgePort);
        Local = (IPEndPoint)_socket.Client.LocalEndPoint!;
    }

    public IPEndPoint Local { get; }

    /// <summary>Sends <paramref name="method"/> to <paramref name="user"/> (retransmitting every 500 ms) and returns
    /// the first final answer's text, or null when none came within <paramref name="limit"/>.</summary>
    public async Task<string?> RequestAsync(string method, string user, TimeSpan limit, string userAgent = "probe/1.0")
    {
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N");
        var request = Encoding.ASCII.GetBytes(
            $"{method} sip:{user}@127.0.0.1:{_bridge.Port} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {Local.Address}:{Local.Port};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:probe@{Local.Address}>;tag={Guid.NewGuid():N}\r\n" +
            $"To: <sip:{user}@127.0.0.1:{_bridge.Port}>\r\n" +
            $"Call-ID: {Guid.NewGuid():N}@probe\r\n" +
            $"CSeq: 1 {method}\r\n" +
            $"Contact: <sip:probe@{Local.Address}:{Local.Port}>\r\n" +
            $"User-Agent: {userAgent}\r\n" +
            (method == "REGISTER" ? "Expires: 3600\r\n" : "") +
            "Content-Length: 0\r\n\r\n");
        var clock = Stopwatch.StartNew();
        var nextSend = TimeSpan.Zero;
        while (clock.Elapsed < limit)
        {
            if (clock.Elapsed >= nextSend)
            {
                await _socket.SendAsync(request, _bridge);
                nextSend = clock.Elapsed + TimeSpan.FromMilliseconds(500);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            try
            {
                var answer = await _socket.ReceiveAsync(wait.Token);
                var text = Encoding.ASCII.GetString(answer.Buffer);
                if (text.Contains(branch, StringComparison.Ordinal) && !text.StartsWith("SIP/2.0 1", StringComparison.Ordinal))
                {
                    if (method == "INVITE")
                    {
                        await _socket.SendAsync(Ack(text, user, branch), _bridge);
                    }

                    return text;
                }
            }
            catch (OperationCanceledException)
            {
                // retransmit or give up
            }
        }

        return null;
    }

    /// <summary>RFC 3261 §17.1.1.3 ACK for a non-2xx final answer (same branch, the answer's To).</summary>
    private byte[] Ack(string response, string user, string branch)
    {
        string Header(string name) => response.Split("\r\n").First(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
        return Encoding.ASCII.GetBytes(
            $"ACK sip:{user}@127.0.0.1:{_bridge.Port} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {Local.Address}:{Local.Port};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            Header("From") + "\r\n" + Header("To") + "\r\n" + Header("Call-ID") + "\r\n" +
            "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
    }

    public void Dispose() => _socket.Dispose();
}
