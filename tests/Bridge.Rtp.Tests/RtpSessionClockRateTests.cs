using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>
/// The session is created before offer/answer (at 8000); the leg then sets the negotiated clocks, and RFC 4733 event
/// durations (and RTCP) follow them: 100 ms of a key is 4800 units for Opus (48 kHz), 800 for G.722 (8000, RFC 3551 quirk).
/// </summary>
public sealed class RtpSessionClockRateTests : IDisposable
{
    private static int _nextRange = 47000 + (Environment.ProcessId % 100 * 20);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RtpPortAllocator _allocator;
    private readonly List<IDisposable> _disposables = [];

    public RtpSessionClockRateTests()
    {
        int low = Interlocked.Add(ref _nextRange, 20) - 20;
        _allocator = new RtpPortAllocator(low, low + 19);
    }

    public void Dispose()
    {
        foreach (IDisposable d in _disposables)
        {
            d.Dispose();
        }
    }

    [Theory]
    [InlineData(48000, 48000, 960, 4800)] // Opus, telephone-event/48000
    [InlineData(8000, 8000, 160, 800)] // G.722 (RTP clock 8000 although it samples at 16 kHz)
    [InlineData(48000, 8000, 960, 800)] // Opus with telephone-event/8000 as negotiated
    public async Task Digit_durations_use_the_negotiated_event_clock(int audioClock, int eventClock, int frameUnits, int toneUnits)
    {
        RtpSession sender = Create();
        RtpSession receiver = Create();
        sender.SetClockRates(audioClock, eventClock);
        Assert.Equal(audioClock, sender.ClockRate);
        Assert.Equal(eventClock, sender.EventClockRate);
        sender.SendEventPayloadType = 101;
        var durations = new List<int>();
        receiver.OtherPacketReceived = (RtpSession session, in RtpPacket packet) =>
        {
            if (packet.PayloadType == 101 && TelephoneEvent.TryReadPayload(packet.Payload, out _, out bool end, out _, out int duration) && end)
            {
                lock (durations)
                {
                    durations.Add(duration);
                }
            }
        };
        sender.SetRemote(receiver.LocalRtpEndPoint);
        sender.Start();
        receiver.Start();
        Assert.True(sender.SendDigit('5'));
        var audio = new byte[20];
        for (int i = 0; i < 15; i++)
        {
            sender.SendAudio(audio, frameUnits);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            lock (durations)
            {
                if (durations.Count > 0)
                {
                    break;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "no end packet within 5 s");
            await Task.Delay(5);
        }

        lock (durations)
        {
            Assert.All(durations, d => Assert.InRange(d, toneUnits, toneUnits + frameUnits * eventClock / audioClock));
        }
    }

    [Fact]
    public void Telephone_event_clock_defaults_to_the_audio_clock()
    {
        RtpSession session = Create();
        Assert.Equal(8000, session.ClockRate); // before negotiation
        session.SetClockRates(48000);
        Assert.Equal(48000, session.ClockRate);
        Assert.Equal(48000, session.EventClockRate);
    }

    private RtpSession Create()
    {
        Assert.True(RtpSession.TryCreate(_allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out RtpSession? session));
        session.ReceivePayloadType = 0;
        session.SendPayloadType = 0;
        session.JitterBuffer = new JitterBuffer(8000, _time);
        _disposables.Add(session);
        return session;
    }
}
