using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

public sealed class TelephoneEventTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void RedundantEndPacketsCountOnce()
    {
        var receiver = new TelephoneEventReceiver(_time);
        var digits = new List<TelephoneEvent>();
        receiver.EventReceived += digits.Add;

        SendEvent(receiver, code: 5, timestamp: 1000, ssrc: 7);

        TelephoneEvent single = Assert.Single(digits);
        Assert.Equal('5', single.Digit);
        Assert.True(single.EndReceived);
        Assert.Equal(800, single.Duration);
    }

    [Fact]
    public void TwoDigitsArriveInOrder()
    {
        var receiver = new TelephoneEventReceiver(_time);
        var digits = new List<char>();
        receiver.EventReceived += e => digits.Add(e.Digit);

        SendEvent(receiver, code: 11, timestamp: 1000, ssrc: 7);
        SendEvent(receiver, code: 10, timestamp: 2600, ssrc: 7);
        SendEvent(receiver, code: 10, timestamp: 4200, ssrc: 7); // same key again is a new press (new timestamp)

        Assert.Equal(['#', '*', '*'], digits);
    }

    [Fact]
    public void RetransmittedEndAfterCompletionIsIgnored()
    {
        var receiver = new TelephoneEventReceiver(_time);
        int count = 0;
        receiver.EventReceived += _ => count++;
        SendEvent(receiver, code: 1, timestamp: 1000, ssrc: 7);
        SendEvent(receiver, code: 2, timestamp: 3000, ssrc: 7);

        // A late retransmission of the first event's end, after the second completed.
        Assert.True(receiver.Put(Payload(1, true, 800), 1000, 7));
        Assert.Equal(2, count);
    }

    [Fact]
    public void SsrcChangeStartsNewEvents()
    {
        var receiver = new TelephoneEventReceiver(_time);
        var digits = new List<TelephoneEvent>();
        receiver.EventReceived += digits.Add;

        SendEvent(receiver, code: 1, timestamp: 5000, ssrc: 0x1111);

        // A new stream (e.g. sipp's DTMF pcap) whose timestamps are lower and unrelated.
        SendEvent(receiver, code: 2, timestamp: 100, ssrc: 0x2222);
        SendEvent(receiver, code: 3, timestamp: 1700, ssrc: 0x2222);

        Assert.Equal(['1', '2', '3'], digits.Select(d => d.Digit));
        Assert.Equal(0x2222u, digits[2].Ssrc);
    }

    [Fact]
    public void EventWithoutEndCountsOnceAfterTimeout()
    {
        var receiver = new TelephoneEventReceiver(_time, TimeSpan.FromSeconds(1));
        var digits = new List<TelephoneEvent>();
        receiver.EventReceived += digits.Add;
        for (int i = 1; i <= 5; i++)
        {
            receiver.Put(Payload(9, false, i * 160), 2000, 3);
            _time.Advance(TimeSpan.FromMilliseconds(20));
            receiver.Poll();
        }

        Assert.Empty(digits);
        _time.Advance(TimeSpan.FromMilliseconds(900));
        receiver.Poll();
        Assert.Empty(digits);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        receiver.Poll();
        receiver.Poll();
        TelephoneEvent e = Assert.Single(digits);
        Assert.Equal('9', e.Digit);
        Assert.False(e.EndReceived);

        // A straggler of the same event after the timeout does not count again.
        receiver.Put(Payload(9, true, 960), 2000, 3);
        Assert.Single(digits);
    }

    [Fact]
    public void LostEndIsReportedWhenTheNextEventStarts()
    {
        var receiver = new TelephoneEventReceiver(_time);
        var digits = new List<char>();
        receiver.EventReceived += e => digits.Add(e.Digit);
        receiver.Put(Payload(4, false, 160), 1000, 1);
        receiver.Put(Payload(4, false, 320), 1000, 1);
        SendEvent(receiver, code: 6, timestamp: 2000, ssrc: 1);
        Assert.Equal(['4', '6'], digits);
    }

    [Fact]
    public void NonDtmfAndMalformedPayloadsAreRefused()
    {
        var receiver = new TelephoneEventReceiver(_time);
        int count = 0;
        receiver.EventReceived += _ => count++;
        Assert.False(receiver.Put(Payload(16, true, 800), 1, 1)); // flash
        Assert.False(receiver.Put([1, 2, 3], 1, 1));
        Assert.Equal(0, count);
    }

    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('A', 12)]
    [InlineData('d', 15)]
    [InlineData('x', -1)]
    public void MapsDigitsToEventCodes(char digit, int code)
    {
        Assert.Equal(code, TelephoneEvent.DigitToCode(digit));
        if (code >= 0)
        {
            Assert.Equal(char.ToUpperInvariant(digit), TelephoneEvent.CodeToDigit(code));
        }
    }

    [Fact]
    public void SenderProducesStartUpdatesAndThreeEnds()
    {
        var sender = new TelephoneEventSender(8000, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(60));
        Assert.True(sender.Enqueue('7'));
        Assert.False(sender.Enqueue('x'));
        var payload = new byte[4];
        uint media = 50_000;
        var packets = new List<(bool Marker, uint Timestamp, int Code, bool End, int Duration)>();
        for (int i = 0; i < 12; i++)
        {
            if (sender.TryNext(media, 160, payload, out bool marker, out uint eventTimestamp))
            {
                Assert.True(TelephoneEvent.TryReadPayload(payload, out int code, out bool end, out int volume, out int duration));
                Assert.Equal(10, volume);
                packets.Add((marker, eventTimestamp, code, end, duration));
            }

            media += 160;
        }

        Assert.Equal(5 + 2, packets.Count); // 160..800 (the fifth carries E), then two more ends
        Assert.True(packets[0].Marker);
        Assert.All(packets.Skip(1), p => Assert.False(p.Marker));
        Assert.All(packets, p => Assert.Equal(50_000u, p.Timestamp));
        Assert.All(packets, p => Assert.Equal(7, p.Code));
        Assert.Equal([160, 320, 480, 640, 800, 800, 800], packets.Select(p => p.Duration));
        Assert.Equal(3, packets.Count(p => p.End));
        Assert.False(sender.IsSending);
    }

    [Fact]
    public void SenderAndReceiverAgreeOnASequenceOfDigits()
    {
        var sender = new TelephoneEventSender(8000);
        var receiver = new TelephoneEventReceiver(_time);
        var digits = new List<char>();
        receiver.EventReceived += e => digits.Add(e.Digit);
        foreach (char c in "1234#*")
        {
            Assert.True(sender.Enqueue(c));
        }

        var payload = new byte[4];
        uint media = 0;
        for (int i = 0; i < 200; i++)
        {
            if (sender.TryNext(media, 160, payload, out _, out uint ts))
            {
                receiver.Put(payload, ts, 99);
                receiver.Put(payload, ts, 99); // duplicated by the network
            }

            media += 160;
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal("1234#*", new string(digits.ToArray()));
    }

    private static void SendEvent(TelephoneEventReceiver receiver, int code, uint timestamp, uint ssrc)
    {
        // Start with updates every 20 ms, then the end packet three times (RFC 4733 §2.5.1.4).
        for (int d = 160; d <= 640; d += 160)
        {
            receiver.Put(Payload(code, false, d), timestamp, ssrc);
        }

        for (int i = 0; i < 3; i++)
        {
            receiver.Put(Payload(code, true, 800), timestamp, ssrc);
        }
    }

    private static byte[] Payload(int code, bool end, int duration)
    {
        var payload = new byte[4];
        Assert.True(TelephoneEvent.TryWritePayload(payload, code, end, 10, duration));
        return payload;
    }
}
