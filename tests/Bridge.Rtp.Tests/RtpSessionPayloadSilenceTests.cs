using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>
/// <see cref="RtpSession.SilentPayload"/>: the hangover in RTP time, the talkspurt that ends it, DTX timing, SSRC changes, and
/// the jitter buffer's behaviour around a skipped pause (no run of concealment, the next talkspurt played at once).
/// Packets are handed to <c>HandleRtp</c> directly; payload octet 0 = 0 means "silent" to the test's detector.
/// </summary>
public sealed class RtpSessionPayloadSilenceTests : IDisposable
{
    private const int FrameUnits = 960;
    private static int s_range = 47400 + (Environment.ProcessId % 50 * 20);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly SocketAddress _peer = new IPEndPoint(IPAddress.Loopback, 40_000).Serialize();
    private readonly byte[] _datagram = new byte[64];
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }
    }

    private RtpSession Create(out JitterBuffer jitter)
    {
        int low = Interlocked.Add(ref s_range, 20) - 20;
        Assert.True(RtpSession.TryCreate(new RtpPortAllocator(low, low + 19), IPAddress.Loopback, new RtpSessionOptions(), _time, out RtpSession? session));
        session.SetClockRates(48000);
        session.ReceivePayloadType = 111;
        jitter = new JitterBuffer(48000, _time);
        session.JitterBuffer = jitter;
        session.SilentPayload = static payload => payload.Length > 0 && payload[0] == 0;
        _disposables.Add(session);
        return session;
    }

    private void Receive(RtpSession session, ushort sequence, uint timestamp, bool silent, uint ssrc = 0xABCD)
    {
        var writer = new RtpPacketWriter(_datagram);
        Assert.True(writer.TryWriteHeader(false, 111, sequence, timestamp, ssrc));
        Assert.True(writer.TryWritePayload([silent ? (byte)0 : (byte)1, 2, 3]));
        session.HandleRtp(_datagram.AsSpan(0, writer.Length), _peer);
        session.JitterBuffer?.TakeArrivals(); // the reader's next tick takes it
    }

    [Fact]
    public void Silent_payloads_are_buffered_for_the_hangover_then_skipped_and_a_loud_one_ends_the_run()
    {
        RtpSession session = Create(out JitterBuffer jitter);
        ushort sequence = 1000;
        uint timestamp = 5000;
        for (int i = 0; i < 10; i++)
        {
            Receive(session, sequence++, timestamp, silent: true);
            timestamp += FrameUnits;
        }

        // 10 × 20 ms: the run began at the first, the tenth is 180 ms in: all buffered.
        Assert.Equal(0, session.SilentPacketsSkipped);
        Assert.Equal(10, TakenStatistics(jitter).Buffered);

        for (int i = 0; i < 5; i++)
        {
            Receive(session, sequence++, timestamp, silent: true);
            timestamp += FrameUnits;
        }

        Assert.Equal(5, session.SilentPacketsSkipped);
        Assert.Equal(10, TakenStatistics(jitter).Buffered);

        // The first loud packet is buffered at once and ends the run: the next silent one starts a new hangover.
        Receive(session, sequence++, timestamp, silent: false);
        timestamp += FrameUnits;
        Receive(session, sequence++, timestamp, silent: true);
        Assert.Equal(5, session.SilentPacketsSkipped);
        Assert.Equal(12, TakenStatistics(jitter).Buffered);
    }

    [Fact]
    public void A_clock_rate_changed_during_the_call_counts_the_hangover_in_the_new_clock()
    {
        // A re-offer from PCMU to Opus (CallLeg.SwitchCodec): the session started at 8000 and is told 48000 mid-call.
        RtpSession session = Create(out _);
        session.SetClockRates(8000);
        session.Start();
        ushort sequence = 1;
        uint timestamp = 0;
        for (int i = 0; i < 3; i++)
        {
            Receive(session, sequence++, timestamp, silent: false);
            timestamp += FrameUnits;
        }

        session.SetClockRates(48000, 8000);
        Assert.Equal(48000, session.ClockRate);
        Assert.Equal(8000, session.EventClockRate);
        for (int i = 0; i < 15; i++)
        {
            Receive(session, sequence++, timestamp, silent: true);
            timestamp += FrameUnits;
        }

        // 200 ms of 48 kHz frames are buffered before skipping starts (at 8000 the hangover would be over after 2 frames).
        Assert.Equal(5, session.SilentPacketsSkipped);
    }

    [Fact]
    public void A_dtx_sender_is_skipped_from_its_first_packet_past_the_hangover_and_an_ssrc_change_restarts_the_run()
    {
        RtpSession session = Create(out _);

        // DTX: one packet per 400 ms, the sequence number advancing by one (RFC 3550 §5.1).
        Receive(session, 1, 0, silent: true);
        Receive(session, 2, 400 * 48, silent: true);
        Receive(session, 3, 800 * 48, silent: true);
        Assert.Equal(2, session.SilentPacketsSkipped);

        // Another source: its own run, its own hangover.
        Receive(session, 500, 77, silent: true, ssrc: 0x1111);
        Assert.Equal(2, session.SilentPacketsSkipped);

        // A reordered packet from before the run's start (negative span) is not skipped either.
        Receive(session, 499, unchecked(77u - FrameUnits), silent: true, ssrc: 0x1111);
        Assert.Equal(2, session.SilentPacketsSkipped);
    }

    [Fact]
    public void A_silence_longer_than_half_the_timestamp_range_stays_skipped()
    {
        RtpSession session = Create(out JitterBuffer jitter);
        Receive(session, 1, 0, silent: true);
        Receive(session, 2, 10 * FrameUnits, silent: true);
        Assert.Equal(1, session.SilentPacketsSkipped);

        // 2^31 units later (12.4 h at 48 kHz) the span since the run began turns negative when read as a signed difference.
        Receive(session, 3, 1u << 31, silent: true);
        Receive(session, 4, (1u << 31) + (10 * FrameUnits), silent: true);
        Assert.Equal(3, session.SilentPacketsSkipped);
        Assert.Equal(1, TakenStatistics(jitter).Buffered);
    }

    [Fact]
    public void Without_a_detector_or_with_a_zero_hangover_behaviour_follows()
    {
        RtpSession session = Create(out JitterBuffer jitter);
        session.SilentPayload = null;
        Receive(session, 1, 0, silent: true);
        Receive(session, 2, 300 * 48, silent: true);
        Assert.Equal(0, session.SilentPacketsSkipped);
        Assert.Equal(2, TakenStatistics(jitter).Buffered);

        RtpSession immediate = Create(out _);
        immediate.SilenceHangover = TimeSpan.Zero;
        Receive(immediate, 1, 0, silent: true);
        Assert.Equal(1, immediate.SilentPacketsSkipped);
    }

    [Fact]
    public void A_skipped_pause_is_not_concealed_and_the_next_talkspurt_plays_within_the_buffer_delay()
    {
        RtpSession session = Create(out JitterBuffer jitter);
        var payload = new byte[64];
        ushort sequence = 7;
        uint timestamp = 90_000;
        int played = 0;
        int lost = 0;

        void Tick(bool? silent)
        {
            if (silent is { } s)
            {
                Receive(session, sequence++, timestamp, s);
                timestamp += FrameUnits;
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
            switch (jitter.Get(payload, out _))
            {
                case JitterBufferResult.Frame:
                    played++;
                    break;
                case JitterBufferResult.Lost:
                    lost++;
                    break;
            }
        }

        // One second of talk, then one (shorter than the buffer's 64 slots) and then three seconds of silence.
        foreach (int pause in new[] { 50, 150 })
        {
            for (int i = 0; i < 50; i++)
            {
                Tick(silent: false);
            }

            for (int i = 0; i < pause; i++)
            {
                Tick(silent: true);
            }

            // Nothing concealed in the pause beyond a frame or two: the hangover's packets played, then Empty.
            Assert.InRange(lost, 0, 2);
            int before = played;
            Receive(session, sequence++, timestamp, silent: false);
            timestamp += FrameUnits;
            int ticks = 0;
            while (played == before && ticks < 10)
            {
                Tick(silent: null);
                ticks++;
            }

            // Played within the buffer's target delay (40 ms at the start) and a frame: 3 ticks.
            Assert.InRange(ticks, 1, 3);
            Assert.InRange(lost, 0, 4);
            lost = 0;
        }

    }

    [Fact]
    public void After_a_long_dtx_silence_the_first_packet_of_the_talkspurt_is_played_not_dropped_as_a_stray()
    {
        RtpSession session = Create(out JitterBuffer jitter);
        var payload = new byte[64];
        ushort sequence = 65_500; // wraps during the test
        uint timestamp = uint.MaxValue - (48_000 * 10);
        int played = 0;

        void Tick(int ms)
        {
            for (int t = 0; t < ms; t += 20)
            {
                _time.Advance(TimeSpan.FromMilliseconds(20));
                played += jitter.Get(payload, out _) == JitterBufferResult.Frame ? 1 : 0;
            }
        }

        for (int i = 0; i < 25; i++)
        {
            Receive(session, sequence++, timestamp, silent: false);
            timestamp += FrameUnits;
            Tick(20);
        }

        // 40 s of DTX: one silent packet every 400 ms, the sequence number advancing by one each (over the buffer's 64 slots).
        for (int i = 0; i < 100; i++)
        {
            Receive(session, sequence++, timestamp, silent: true);
            timestamp += 20 * FrameUnits;
            Tick(400);
        }

        Assert.True(session.SilentPacketsSkipped >= 98, $"{session.SilentPacketsSkipped} skipped");
        int before = played;
        Receive(session, sequence++, timestamp, silent: false);
        int ticks = 0;
        while (played == before && ticks < 10)
        {
            Tick(20);
            ticks++;
        }

        Assert.Equal(0, TakenStatistics(jitter).Late);
        Assert.InRange(ticks, 1, 3);
    }

    [Fact]
    public void Every_lost_answer_counts_as_concealed()
    {
        var jitter = new JitterBuffer(48000, _time);
        var payload = new byte[64];
        for (ushort s = 0; s < 20; s++)
        {
            jitter.Put([1, 2, 3], s, (uint)(s * FrameUnits), 1, 111, false);
            _time.Advance(TimeSpan.FromMilliseconds(20));
            jitter.Get(payload, out _);
        }

        // The sender stops without a pause being marked: the buffer conceals while it thinks the stream flows.
        int lost = 0;
        for (int i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            lost += jitter.Get(payload, out _) == JitterBufferResult.Lost ? 1 : 0;
        }

        Assert.True(lost > 0);
        Assert.Equal(lost, TakenStatistics(jitter).Concealed);
        Assert.Equal(0, TakenStatistics(jitter).Lost); // no sequence number was given up

        // With the pause marked, nothing is concealed once what was buffered has played.
        var paused = new JitterBuffer(48000, _time);
        for (ushort s = 0; s < 20; s++)
        {
            paused.Put([1, 2, 3], s, (uint)(s * FrameUnits), 1, 111, false);
            _time.Advance(TimeSpan.FromMilliseconds(20));
            paused.Get(payload, out _);
        }

        paused.MarkPause();
        for (int i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            paused.Get(payload, out _);
        }

        Assert.Equal(0, paused.GetStatistics().Concealed);
    }

    // The buffer's counters once its reader has taken what arrived (the reader's next step would).
    private static JitterBufferStatistics TakenStatistics(JitterBuffer buffer)
    {
        buffer.TakeArrivals();
        return buffer.GetStatistics();
    }
}
