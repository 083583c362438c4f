using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Bridge.WebRtc.Demultiplexing;
using Bridge.WebRtc.Ice;

namespace Bridge.WebRtc.Tests.Ice;

/// <summary>
/// The agent behind a real UDP socket on 127.0.0.1: a client sends hand-built datagrams (no production
/// code on its side) and checks the answer; the server side demultiplexes as the media port will.
/// </summary>
public sealed class IceLiteAgentSocketTests
{
    [Fact]
    public async Task ClientOnLoopbackGetsAVerifiableResponseAndOnlyThenItsMediaIsAccepted()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var serverEndPoint = (IPEndPoint)server.LocalEndPoint!;
        var credentials = IceCredentials.Generate();
        using var agent = new IceLiteAgent(credentials, [serverEndPoint]);
        agent.SetRemoteUfrag("CLNT");
        var media = new ConcurrentQueue<bool>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var serverLoop = Task.Run(() => Serve(server, agent, media, cts.Token), cts.Token);

        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var clientEndPoint = (IPEndPoint)client.Client.LocalEndPoint!;
        byte[] rtp = [0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1];

        // RTP before any check: the media path must call it unvalidated.
        await client.SendAsync(rtp, serverEndPoint, cts.Token);
        var request = HandBuiltStun.BindingRequest(new HandBuiltStun.RequestOptions
        {
            Username = credentials.Ufrag + ":CLNT",
            Password = credentials.Password,
            UseCandidate = true,
        });
        await client.SendAsync(request, serverEndPoint, cts.Token);
        var received = await client.ReceiveAsync(cts.Token);
        await client.SendAsync(rtp, serverEndPoint, cts.Token);
        while (media.Count < 2 && !cts.IsCancellationRequested)
        {
            await Task.Delay(10, cts.Token);
        }

        await cts.CancelAsync();
        await Task.WhenAny(serverLoop);

        Assert.Equal(serverEndPoint, received.RemoteEndPoint);
        var response = HandBuiltStun.ReadResponse(received.Buffer, HandBuiltStun.TransactionIdOf(request), credentials.Password);
        Assert.Equal(0x0101, response.Type);
        Assert.Equal(clientEndPoint, response.Mapped);
        Assert.True(response.IntegrityValid);
        Assert.True(response.FingerprintValid);
        Assert.Equal([false, true], media.ToArray());
        Assert.Equal(clientEndPoint, agent.SelectedRemoteEndPoint);
    }

    private static async Task Serve(Socket socket, IceLiteAgent agent, ConcurrentQueue<bool> media, CancellationToken token)
    {
        var buffer = new byte[1500];
        var response = new byte[IceLiteAgent.MinimumResponseBufferLength];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        try
        {
            while (!token.IsCancellationRequested)
            {
                var length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, token);
                switch (DatagramClassifier.Classify(buffer.AsSpan(0, length)))
                {
                    case DatagramKind.Stun:
                        agent.HandleStun(buffer.AsSpan(0, length), from, response, out var written);
                        if (written > 0)
                        {
                            await socket.SendToAsync(response.AsMemory(0, written), SocketFlags.None, from, token);
                        }

                        break;
                    case DatagramKind.Rtp:
                        media.Enqueue(agent.IsValidatedSource(from));
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
