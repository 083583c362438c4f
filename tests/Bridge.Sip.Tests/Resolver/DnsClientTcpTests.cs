using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Bridge.Sip.Resolver;

namespace Bridge.Sip.Tests.Resolver;

/// <summary>RFC 1035 §4.2.2: a truncated UDP answer (TC bit) is asked again over TCP at the same nameserver, here a real
/// UDP socket and TCP listener on one loopback port.</summary>
public sealed class DnsClientTcpTests
{
    private const string Name = "_sip._udp.example.org";

    [Fact]
    public async Task A_truncated_answer_is_asked_again_over_TCP()
    {
        var (udp, tcp) = BindPair();
        using var udpSocket = udp;
        try
        {
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            var client = new DnsClient(new IPEndPoint(IPAddress.Loopback, port)) { Timeout = TimeSpan.FromSeconds(5), Attempts = 1 };

            var query = client.QueryAsync(Name, DnsRecordType.Srv, CancellationToken.None);
            var udpQuery = await AnswerTruncatedAsync(udp);
            var tcpQuery = await AnswerOverTcpAsync(tcp);
            var answer = await query;

            Assert.NotNull(answer);
            Assert.False(answer.Truncated);
            Assert.Equal([5061, 5062], answer.Answers.Select(r => (int)r.Srv!.Port));
            Assert.Equal(udpQuery, tcpQuery); // the same question, same id
        }
        finally
        {
            tcp.Stop();
        }
    }

    [Fact]
    public async Task A_truncated_answer_is_used_as_far_as_it_goes_when_TCP_is_refused()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // no TCP listener on this port: the connection is refused
        var client = new DnsClient((IPEndPoint)udp.LocalEndPoint!) { Timeout = TimeSpan.FromSeconds(5), Attempts = 1 };

        var query = client.QueryAsync(Name, DnsRecordType.Srv, CancellationToken.None);
        await AnswerTruncatedAsync(udp);
        var answer = await query;

        Assert.NotNull(answer);
        Assert.True(answer.Truncated);
        Assert.Equal([5061], answer.Answers.Select(r => (int)r.Srv!.Port));
    }

    /// <summary>A UDP socket and a started TCP listener on the same free loopback port.</summary>
    private static (Socket Udp, TcpListener Tcp) BindPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var tcp = new TcpListener(IPAddress.Loopback, ((IPEndPoint)udp.LocalEndPoint!).Port);
            try
            {
                tcp.Start();
                return (udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose(); // the TCP port was taken: another pair
            }
        }
    }

    private static async Task<byte[]> AnswerTruncatedAsync(Socket udp)
    {
        var buffer = new byte[512];
        var received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TimeSpan.FromSeconds(10));
        var query = buffer[..received.ReceivedBytes];
        var answer = new DnsPacket(BinaryPrimitives.ReadUInt16BigEndian(query)).Srv(Name, 10, 0, 5061, "a.example.org").ToArray();
        answer[2] |= 0x02; // TC
        await udp.SendToAsync(answer, SocketFlags.None, received.RemoteEndPoint);
        return query;
    }

    private static async Task<byte[]> AnswerOverTcpAsync(TcpListener tcp)
    {
        using var connection = await tcp.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var stream = connection.GetStream();
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix);
        var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(query);
        var answer = new DnsPacket(BinaryPrimitives.ReadUInt16BigEndian(query))
            .Srv(Name, 10, 0, 5061, "a.example.org").Srv(Name, 20, 0, 5062, "b.example.org").ToArray();
        var framed = new byte[answer.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)answer.Length);
        answer.CopyTo(framed, 2);
        await stream.WriteAsync(framed);
        return query;
    }
}
