using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Bridge.Rtp;

namespace Bridge.Benchmarks.Rtp;

/// <summary>
/// The per-packet receive path of a call leg: parse an RTP packet, put it into the jitter buffer, take the next frame out.
/// Time advances 20 ms per packet through a manual clock so the buffer plays steadily. Expect 0 B allocated.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class RtpReceiveBenchmarks
{
    private const int PacketsPerInvoke = 1000;
    private readonly byte[] _packet = new byte[12 + 160];
    private readonly byte[] _output = new byte[1500];
    private ManualClock _clock = null!;
    private JitterBuffer _buffer = null!;
    private ushort _sequence;
    private uint _timestamp;

    [GlobalSetup]
    public void Setup()
    {
        _clock = new ManualClock();
        _buffer = new JitterBuffer(8000, _clock);
        var writer = new RtpPacketWriter(_packet);
        writer.TryWriteHeader(false, 0, 0, 0, 0x12345678);
        writer.TryWritePayload(new byte[160]);
    }

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public int ParsePutGet()
    {
        int played = 0;
        for (int i = 0; i < PacketsPerInvoke; i++)
        {
            _packet[2] = (byte)(_sequence >> 8);
            _packet[3] = (byte)_sequence;
            _packet[4] = (byte)(_timestamp >> 24);
            _packet[5] = (byte)(_timestamp >> 16);
            _packet[6] = (byte)(_timestamp >> 8);
            _packet[7] = (byte)_timestamp;
            _sequence++;
            _timestamp += 160;
            if (RtpPacket.TryParse(_packet, out RtpPacket packet))
            {
                _buffer.Put(packet);
            }

            _clock.Advance(TimeSpan.FromMilliseconds(20));
            if (_buffer.Get(_output, out _) == JitterBufferResult.Frame)
            {
                played++;
            }
        }

        return played;
    }

    [Benchmark]
    public bool ParseOnly() => RtpPacket.TryParse(_packet, out RtpPacket packet) && packet.PayloadLength == 160;

    /// <summary>A clock that moves only when told to (FakeTimeProvider is not referenced by the benchmark project).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
