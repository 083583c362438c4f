using System.Buffers.Binary;
using System.Net.Sockets;

namespace Bridge.Sip.Resolver;

/// <summary>RFC 1035 §4.2.2: the same query over TCP to the same nameserver, each message preceded by its length as two
/// bytes, for an answer that came truncated over UDP.</summary>
public sealed partial class DnsClient
{
    /// <summary>The answer over TCP, or null when the nameserver could not be reached, did not answer within
    /// <see cref="Timeout"/>, or sent something that is not the answer to <paramref name="id"/>.</summary>
    private async Task<DnsMessage?> QueryTcpAsync(byte[] query, ushort id, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(Timeout);
        using var socket = new Socket(Nameserver.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(Nameserver, wait.Token).ConfigureAwait(false);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await socket.SendAsync(framed, SocketFlags.None, wait.Token).ConfigureAwait(false);
            var prefix = new byte[2];
            if (!await ReadExactlyAsync(socket, prefix, wait.Token).ConfigureAwait(false))
            {
                return null;
            }

            var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            if (!await ReadExactlyAsync(socket, answer, wait.Token).ConfigureAwait(false)
                || !DnsMessageParser.TryParse(answer, out var message) || message!.Id != id || !message.IsResponse)
            {
                return null;
            }

            return message;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null; // no answer in time
        }
        catch (SocketException)
        {
            return null; // refused or reset
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
        }

        return true;
    }
}
