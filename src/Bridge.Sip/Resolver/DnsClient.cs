using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Bridge.Sip.Resolver;

/// <summary>
/// A small stub resolver over UDP (RFC 1035 §4.2.1): one question per query, a random id, answers accepted only from the
/// nameserver asked and with that id (RFC 5452 §9.1), <see cref="Attempts"/> tries of <see cref="Timeout"/> each. An
/// answer with the TC bit is asked again over TCP (RFC 1035 §4.2.2, two-byte length prefix; RFC 7766 §5), and used as far
/// as it goes only when TCP gives nothing better. No caching here: <see cref="CachingDnsClient"/> wraps it.
/// </summary>
public sealed partial class DnsClient : IDnsClient
{
    public DnsClient(IPEndPoint nameserver)
    {
        ArgumentNullException.ThrowIfNull(nameserver);
        Nameserver = nameserver;
    }

    /// <summary>The nameserver asked.</summary>
    public IPEndPoint Nameserver { get; }

    /// <summary>How long to wait for each answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a query is sent before giving up.</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>The answer, or null when none came, it was unreadable, or the name is not a valid domain name.</summary>
    public async Task<DnsMessage?> QueryAsync(string name, DnsRecordType type, CancellationToken ct)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        if (DnsQueryWriter.Query(id, name, type) is not { } query)
        {
            return null;
        }

        using var socket = new Socket(Nameserver.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(Nameserver.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        var buffer = new byte[4096];
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            await socket.SendToAsync(query, SocketFlags.None, Nameserver, ct).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Timeout);
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(Nameserver.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), wait.Token).ConfigureAwait(false);
                    if (!Nameserver.Equals(received.RemoteEndPoint)
                        || !DnsMessageParser.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var message)
                        || message!.Id != id || !message.IsResponse)
                    {
                        continue; // not our answer: keep waiting for it
                    }

                    return message.Truncated ? await QueryTcpAsync(query, id, ct).ConfigureAwait(false) ?? message : message;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // no answer in time: send again
            }
            catch (SocketException)
            {
                // e.g. ICMP port unreachable: send again
            }
        }

        return null;
    }

    /// <summary>The first <c>nameserver</c> of a resolv.conf text (resolv.conf(5)), on port 53; null when there is none.</summary>
    public static IPEndPoint? NameserverFromResolvConf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var raw in text.Split('\n'))
        {
            var parts = raw.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == "nameserver" && IPAddress.TryParse(parts[1].Split('%')[0], out var address))
            {
                return new IPEndPoint(address, 53);
            }
        }

        return null;
    }
}
