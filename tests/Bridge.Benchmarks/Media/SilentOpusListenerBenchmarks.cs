using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Bridge.Calls.Legs;
using Bridge.Media.Codecs;
using Bridge.Rtp;

namespace Bridge.Benchmarks.Media;

/// <summary>
/// What one silent Opus listener costs per 20 ms tick (issue 14, 500 Opus listeners on one mixer thread): its packet of
/// encoded digital silence through <c>RtpSession.HandleRtp</c> (receive thread) and one <see cref="LegAudioReader.Read"/>
/// (mixer thread), with the silence skipping of <see cref="LegSilence"/> off (every packet decoded, as before) and on.
/// A clock of its own advances 20 ms per tick. Expect 0 B allocated.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class SilentOpusListenerBenchmarks
{
    private const int TicksPerInvoke = 500;
    private readonly byte[] _datagram = new byte[1500];
    private readonly short[] _pcm = new short[960];
    private readonly SocketAddress _from = new IPEndPoint(IPAddress.Loopback, 40000).Serialize();
    private readonly ManualClock _clock = new();
    private byte[][] _silence = [];
    private RtpSession _session = null!;
    private LegAudioReader _reader = null!;
    private ushort _sequence;
    private uint _timestamp;
    private int _frame;

    /// <summary>Whether silent packets are skipped (the leg's <see cref="RtpSession.SilentPayload"/> set).</summary>
    [Params(false, true)]
    public bool SkipSilence { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var encoder = AudioCodecs.CreateEncoder(AudioCodecs.Opus);
        var payload = new byte[1275];
        var frames = new List<byte[]>();
        for (int f = 0; f < 100; f++)
        {
            int length = encoder.Encode(new short[960], payload);
            frames.Add(payload[..length]);
        }

        _silence = [.. frames.Skip(50)]; // from an encoder that has settled, as the load harness replays them
        var allocator = new RtpPortAllocator(47100, 47199);
        if (!RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _clock, out RtpSession? session))
        {
            throw new InvalidOperationException("no ports");
        }

        var codec = AudioCodecs.GetInfo(AudioCodecs.Opus);
        var jitter = new JitterBuffer(48000, _clock);
        _reader = new LegAudioReader(jitter, AudioCodecs.CreateDecoder(codec.Name), codec, new TelephoneEventReceiver(_clock), inBandDtmf: false, _ => { });
        _session = session;
        _session.SetClockRates(48000, 48000);
        _session.ReceivePayloadType = 111;
        _session.JitterBuffer = jitter;
        _session.SilentPayload = SkipSilence ? LegSilence.For(codec, _reader) : null;
        Tick(TicksPerInvoke); // past the hangover
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(OperationsPerInvoke = TicksPerInvoke)]
    public int ListenerTick() => Tick(TicksPerInvoke);

    private int Tick(int ticks)
    {
        int read = 0;
        for (int i = 0; i < ticks; i++)
        {
            var writer = new RtpPacketWriter(_datagram);
            writer.TryWriteHeader(false, 111, _sequence++, _timestamp, 0x12345678);
            writer.TryWritePayload(_silence[_frame]);
            _frame = (_frame + 1) % _silence.Length;
            _timestamp += 960;
            _session.HandleRtp(_datagram.AsSpan(0, writer.Length), _from);
            _clock.Advance(TimeSpan.FromMilliseconds(20));
            read += _reader.Read(_pcm) ? 1 : 0;
        }

        return read;
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
