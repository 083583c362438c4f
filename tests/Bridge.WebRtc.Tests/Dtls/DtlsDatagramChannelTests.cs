using Bridge.WebRtc.Dtls;
using Bridge.TestKit.Allocation;

namespace Bridge.WebRtc.Tests.Dtls;

public sealed class DtlsDatagramChannelTests
{
    [Fact]
    public void HandingADatagramFromTheSocketToTheEndpointAllocatesNothing()
    {
        var sent = 0;
        var channel = new DtlsDatagramChannel(_ => sent++, 1200, 8);
        var datagram = new byte[1200];
        datagram[0] = 22;
        var into = new byte[DtlsDatagramChannel.MaxDatagramLength];
        for (var i = 0; i < 100; i++)
        {
            channel.TryEnqueue(datagram);
            channel.Receive(into, 0, into.Length, 0);
        }

        var total = 0;
        var enqueued = 0;
        AllocationRounds.AssertNone(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                enqueued += channel.TryEnqueue(datagram) ? 1 : 0;
                total += channel.Receive(into, 0, into.Length, 0);
                channel.Send(into, 0, 10);
            }
        });

        Assert.Equal(3000, enqueued);
        Assert.Equal(1200 * 3000, total);
        Assert.Equal(3000, sent);
    }

    [Fact]
    public void ReceiveTimesOutWithMinusOneAndCopiesWholeDatagrams()
    {
        var channel = new DtlsDatagramChannel(_ => { }, 1200, 4);
        var into = new byte[64];

        Assert.Equal(-1, channel.Receive(into, 0, into.Length, 20));
        Assert.True(channel.TryEnqueue([22, 1, 2, 3]));
        Assert.Equal(4, channel.Receive(into, 0, into.Length, 20));
        Assert.Equal(new byte[] { 22, 1, 2, 3 }, into[..4]);
        Assert.False(channel.TryEnqueue(new byte[DtlsDatagramChannel.MaxDatagramLength + 1]));
        Assert.False(channel.TryEnqueue([]));
        Assert.Equal(1200, channel.GetSendLimit());
    }

    [Fact]
    public void CancelledTokenEndsAWaitingReceive()
    {
        var channel = new DtlsDatagramChannel(_ => { }, 1200, 4);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        channel.Token = cancel.Token;

        Assert.Throws<Org.BouncyCastle.Tls.TlsTimeoutException>(() => channel.Receive(new byte[64], 0, 64, 10_000));
    }
}
