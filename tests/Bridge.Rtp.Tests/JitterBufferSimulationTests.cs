using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>Deterministic network simulation: seeded loss, duplication, reordering and jitter over a virtual clock.</summary>
public sealed class JitterBufferSimulationTests
{
    private const int ClockRate = 8000;

    public static TheoryData<int, int> PtimesAndSeeds()
    {
        var data = new TheoryData<int, int>();
        foreach (int ptime in new[] { 10, 20, 30, 40, 60 })
        {
            for (int seed = 1; seed <= 4; seed++)
            {
                data.Add(ptime, seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PtimesAndSeeds))]
    public void LossReorderDuplicationAndJitterKeepSteadyPlayout(int ptimeMs, int seed)
    {
        var result = Simulate(ptimeMs, seed, seconds: 30, lossPercent: 10, duplicatePercent: 5, jitterMs: 60);

        // After warm-up every playout step yields audio or a concealed loss: no underruns.
        Assert.True(result.EmptyAfterWarmup == 0, result.ToString());

        // Losses reported are exactly the packets the network dropped (none of them arrived late).
        Assert.Equal(result.NetworkLostAfterWarmup, result.LostAfterWarmup);
        Assert.Equal(0, result.LateAfterWarmup);
        Assert.Equal(result.ExpectedAfterWarmup, result.PlayedAfterWarmup + result.LostAfterWarmup);

        // Frames come out strictly in order.
        Assert.True(result.InOrder, result.ToString());

        var stats = result.Statistics;
        Assert.True(stats.Duplicates > 0);
        Assert.InRange(stats.TargetDelay, TimeSpan.FromMilliseconds(60), TimeSpan.FromMilliseconds(200));
        Assert.InRange(result.MaxDelayAfterWarmup, TimeSpan.Zero, TimeSpan.FromMilliseconds(200 + ptimeMs + 20));
    }

    [Fact]
    public void CleanNetworkSettlesAtLowDelay()
    {
        var result = Simulate(20, 7, seconds: 20, lossPercent: 0, duplicatePercent: 0, jitterMs: 0);

        Assert.Equal(0, result.EmptyAfterWarmup);
        Assert.Equal(0, result.LostAfterWarmup);
        Assert.InRange(result.Statistics.TargetDelay, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(45));
        Assert.InRange(result.MaxDelayAfterWarmup, TimeSpan.Zero, TimeSpan.FromMilliseconds(65));
    }

    [Fact]
    public void TargetRisesFastAndFallsSlowly()
    {
        var time = new FakeTimeProvider();
        var buffer = new JitterBuffer(ClockRate, time);
        Span<byte> payload = stackalloc byte[160];
        Span<byte> output = stackalloc byte[1500];
        ushort seq = 100;
        uint ts = 1000;

        // 5 s clean, then one packet 150 ms late, then a minute clean again.
        for (int i = 0; i < 250; i++)
        {
            buffer.Put(payload, seq++, ts, 1, 0, false);
            ts += 160;
            time.Advance(TimeSpan.FromMilliseconds(20));
            buffer.Get(output, out _);
        }

        TimeSpan before = buffer.GetStatistics().TargetDelay;
        time.Advance(TimeSpan.FromMilliseconds(150));
        buffer.Put(payload, seq++, ts, 1, 0, false);
        buffer.TakeArrivals(); // the reader's next step
        ts += 160;
        TimeSpan peak = buffer.GetStatistics().TargetDelay;
        for (int i = 0; i < 25; i++)
        {
            buffer.Put(payload, seq++, ts, 1, 0, false);
            ts += 160;
            time.Advance(TimeSpan.FromMilliseconds(20));
            buffer.Get(output, out _);
        }

        TimeSpan halfSecondLater = buffer.GetStatistics().TargetDelay;
        for (int i = 0; i < 3000; i++)
        {
            buffer.Put(payload, seq++, ts, 1, 0, false);
            ts += 160;
            time.Advance(TimeSpan.FromMilliseconds(20));
            buffer.Get(output, out _);
        }

        TimeSpan minuteLater = buffer.GetStatistics().TargetDelay;
        Assert.True(before <= TimeSpan.FromMilliseconds(40), $"before {before}");
        Assert.True(peak >= TimeSpan.FromMilliseconds(150), $"peak {peak}");
        Assert.True(halfSecondLater >= TimeSpan.FromMilliseconds(120), $"0.5 s later {halfSecondLater}");
        Assert.True(minuteLater <= TimeSpan.FromMilliseconds(50), $"60 s later {minuteLater}");
    }

    internal static SimulationResult Simulate(int ptimeMs, int seed, int seconds, int lossPercent, int duplicatePercent, int jitterMs)
    {
        var random = new Random(seed);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var buffer = new JitterBuffer(ClockRate, time);
        int frameUnits = ClockRate * ptimeMs / 1000;
        int packets = seconds * 1000 / ptimeMs;
        var arrivals = new PriorityQueue<(int Index, bool Duplicate), long>();
        var networkLost = new HashSet<int>();
        const long baseDelayMs = 15;
        for (int i = 0; i < packets; i++)
        {
            if (random.Next(100) < lossPercent)
            {
                networkLost.Add(i);
                continue;
            }

            long sentMicros = i * ptimeMs * 1000L;
            arrivals.Enqueue((i, false), sentMicros + ((baseDelayMs * 1000) + random.Next(jitterMs * 1000 + 1)));
            if (random.Next(100) < duplicatePercent)
            {
                arrivals.Enqueue((i, true), sentMicros + ((baseDelayMs * 1000) + random.Next(jitterMs * 1000 + 1)));
            }
        }

        const uint firstTimestamp = 4_294_000_000; // wraps during the run
        const ushort firstSequence = 65_000; // wraps during the run
        Span<byte> payload = stackalloc byte[8];
        Span<byte> output = stackalloc byte[1500];
        long warmupMicros = 3_000_000;
        long nowMicros = 0;
        long nextGetMicros = 7_000; // the mixer's tick has its own phase
        long endMicros = (seconds * 1_000_000L) - 400_000;
        var result = new SimulationResult { InOrder = true };
        int lastPlayed = -1;
        int firstIndexAfterWarmup = -1;
        int lastIndexAfterWarmup = -1;
        long lateAtWarmup = 0;
        while (nextGetMicros < endMicros)
        {
            bool arrivalFirst = arrivals.TryPeek(out var item, out long at) && at <= nextGetMicros;
            long next = arrivalFirst ? at : nextGetMicros;
            time.Advance(TimeSpan.FromTicks((next - nowMicros) * 10));
            nowMicros = next;
            if (arrivalFirst)
            {
                arrivals.Dequeue();
                BitConverter.TryWriteBytes(payload, item.Index);
                buffer.Put(payload, unchecked((ushort)(firstSequence + item.Index)), unchecked(firstTimestamp + (uint)(item.Index * frameUnits)), 0x1234, 0, false);
                continue;
            }

            bool afterWarmup = nowMicros >= warmupMicros;
            if (afterWarmup && lateAtWarmup == 0 && firstIndexAfterWarmup < 0)
            {
                lateAtWarmup = buffer.GetStatistics().Late;
                firstIndexAfterWarmup = lastPlayed + 1;
            }

            var step = buffer.Get(output, out JitterFrame frame);
            int index = (int)unchecked(frame.Timestamp - firstTimestamp) / frameUnits;
            switch (step)
            {
                case JitterBufferResult.Frame:
                    int played = BitConverter.ToInt32(output);
                    if (!(played > lastPlayed && played == index) && result.InOrder)
                    {
                        result.Violation = $"frame {played} index {index} after {lastPlayed}";
                    }

                    result.InOrder &= played > lastPlayed && played == index;
                    lastPlayed = played;
                    if (afterWarmup)
                    {
                        result.PlayedAfterWarmup++;
                        lastIndexAfterWarmup = played;
                        TimeSpan delay = buffer.GetStatistics().CurrentDelay;
                        result.MaxDelayAfterWarmup = delay > result.MaxDelayAfterWarmup ? delay : result.MaxDelayAfterWarmup;
                    }

                    break;
                case JitterBufferResult.Lost:
                    // Before the first frames the packet duration is not known yet, so only check after warm-up.
                    if (afterWarmup && index != lastPlayed + 1 && result.InOrder)
                    {
                        result.Violation = $"lost index {index} after {lastPlayed}";
                    }

                    result.InOrder &= !afterWarmup || index == lastPlayed + 1;
                    lastPlayed = index;
                    if (afterWarmup)
                    {
                        result.LostAfterWarmup++;
                        lastIndexAfterWarmup = index;
                    }

                    break;
                default:
                    if (afterWarmup)
                    {
                        result.EmptyAfterWarmup++;
                    }

                    break;
            }

            nextGetMicros += ptimeMs * 1000;
        }

        for (int i = firstIndexAfterWarmup; i <= lastIndexAfterWarmup; i++)
        {
            if (networkLost.Contains(i))
            {
                result.NetworkLostAfterWarmup++;
            }
        }

        result.ExpectedAfterWarmup = lastIndexAfterWarmup - firstIndexAfterWarmup + 1;
        result.Statistics = buffer.GetStatistics();
        result.LateAfterWarmup = result.Statistics.Late - lateAtWarmup;
        return result;
    }

    internal sealed class SimulationResult
    {
        public int PlayedAfterWarmup { get; set; }

        public int LostAfterWarmup { get; set; }

        public int EmptyAfterWarmup { get; set; }

        public int NetworkLostAfterWarmup { get; set; }

        public int ExpectedAfterWarmup { get; set; }

        public long LateAfterWarmup { get; set; }

        public bool InOrder { get; set; }

        public string? Violation { get; set; }

        public TimeSpan MaxDelayAfterWarmup { get; set; }

        public JitterBufferStatistics Statistics { get; set; }

        public override string ToString() =>
            $"played {PlayedAfterWarmup} lost {LostAfterWarmup} empty {EmptyAfterWarmup} netlost {NetworkLostAfterWarmup} expected {ExpectedAfterWarmup} late {LateAfterWarmup} order {InOrder} {Violation} maxdelay {MaxDelayAfterWarmup} {Statistics}";
    }
}
