using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>
/// Housekeeping runs on a grid of its period on the session's clock, RTCP reports on a 100 ms grid (issue 14): sessions
/// started at different moments come due at the same instants, so the runtime fires their timers together; the RTP timeout
/// still comes within one period after the configured time, and reports keep their randomised interval.
/// </summary>
public sealed class RtpSessionHousekeepingTests : IDisposable
{
    private static int _nextRange = 37000 + (Environment.ProcessId % 50 * 20);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 20, 0, 0, 123, TimeSpan.Zero));
    private readonly RtpPortAllocator _allocator;
    private readonly List<IDisposable> _disposables = [];

    public RtpSessionHousekeepingTests()
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

    [Fact]
    public void SessionsStartedApartTimeOutAtTheSameGridInstant()
    {
        // 2 s timeout: checked every 500 ms. The clock starts 123 ms past a whole second, off the grid.
        var options = new RtpSessionOptions { RtcpMux = true, InactivityTimeout = TimeSpan.FromSeconds(2) };
        DateTimeOffset start = _time.GetUtcNow();
        var firedAt = new DateTimeOffset?[3];
        var startedAt = new DateTimeOffset[3];
        for (int i = 0; i < 3; i++)
        {
            int index = i;
            RtpSession session = Create(options);
            session.InactivityTimeout += (_, _) => firedAt[index] = _time.GetUtcNow();
            startedAt[i] = _time.GetUtcNow();
            session.Start();
            _time.Advance(TimeSpan.FromMilliseconds(130));
        }

        for (int step = 0; step < 400 && firedAt.Any(f => f is null); step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.All(firedAt, f => Assert.NotNull(f));
        Assert.Equal(firedAt[0], firedAt[1]);
        Assert.Equal(firedAt[0], firedAt[2]);
        for (int i = 0; i < 3; i++)
        {
            TimeSpan after = firedAt[i]!.Value - startedAt[i];
            Assert.InRange(after, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        }

        // On the 500 ms grid of the clock's timestamps (FakeTimeProvider's timestamp is its UTC ticks), give or take the 10 ms steps.
        Assert.InRange(firedAt[0]!.Value.UtcTicks % TimeSpan.FromMilliseconds(500).Ticks, 0, TimeSpan.FromMilliseconds(10).Ticks - 1);
        Assert.True(firedAt[0] > start);
    }

    [Fact]
    public void TheNextGridPointIsNeverMoreThanAPeriodAndAQuarterAway()
    {
        RtpSession session = Create(new RtpSessionOptions { RtcpMux = true, InactivityTimeout = TimeSpan.FromSeconds(4) });
        session.Start();
        for (int i = 0; i < 100; i++)
        {
            TimeSpan next = session.UntilNextHousekeeping();
            Assert.InRange(next, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(1250));
            Assert.Equal(0, (_time.GetUtcNow() + next).UtcTicks % TimeSpan.TicksPerSecond);
            _time.Advance(TimeSpan.FromMilliseconds(37));
        }
    }

    [Fact]
    public void GridPointsAreTheFirstMultipleAtLeastTheAskedTimeAway()
    {
        RtpSession session = Create(new RtpSessionOptions { RtcpMux = true });
        var random = new Random(14);
        for (int i = 0; i < 200; i++)
        {
            var atLeast = TimeSpan.FromMilliseconds(random.Next(0, 7000));
            TimeSpan next = session.UntilGridPoint(atLeast, RtpSession.RtcpGrid);
            Assert.InRange(next, atLeast, atLeast + RtpSession.RtcpGrid - TimeSpan.FromTicks(1));
            Assert.Equal(0, (_time.GetUtcNow() + next).UtcTicks % RtpSession.RtcpGrid.Ticks);
            _time.Advance(TimeSpan.FromMilliseconds(random.Next(1, 50)));
        }
    }

    [Fact]
    public void RtcpReportsLeaveOnTheGrid()
    {
        RtpSession session = Create(new RtpSessionOptions { RtcpMux = true });
        using var sink = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        session.SetRemote((IPEndPoint)sink.LocalEndPoint!);
        session.Start();
        var sentAt = new List<DateTimeOffset>();
        byte[] buffer = new byte[2048];
        for (int step = 0; step < 3000 && sentAt.Count < 4; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            while (sink.Available > 0)
            {
                sink.Receive(buffer);
                sentAt.Add(_time.GetUtcNow());
            }
        }

        Assert.Equal(4, sentAt.Count);
        Assert.All(sentAt, at => Assert.InRange(at.UtcTicks % RtpSession.RtcpGrid.Ticks, 0, TimeSpan.FromMilliseconds(10).Ticks - 1));
        // Still randomised (RFC 3550 §6.3.5: 0.5-1.5 times the 5 s minimum, after an initial half interval).
        TimeSpan[] gaps = [.. sentAt.Zip(sentAt.Skip(1), (a, b) => b - a)];
        Assert.All(gaps, gap => Assert.InRange(gap, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8)));
    }

    [Fact]
    public void SessionsOfOneClockShareOneTimerAndAFailingSubscriberStopsNoOtherCheck()
    {
        var options = new RtpSessionOptions { RtcpMux = true, InactivityTimeout = TimeSpan.FromSeconds(2) };
        var grid = HousekeepingGrid.For(_time, TimeSpan.FromMilliseconds(500));
        var sessions = new RtpSession[4];
        int timeouts = 0;
        for (int i = 0; i < sessions.Length; i++)
        {
            sessions[i] = Create(options);
            sessions[i].Start();
        }

        Assert.Equal(sessions.Length, grid.Count);

        // The first subscriber throws, the second disposes a session the same tick still has to check: the others time out.
        sessions[0].InactivityTimeout += (_, _) => throw new InvalidOperationException("a subscriber's bug");
        sessions[1].InactivityTimeout += (_, _) =>
        {
            Interlocked.Increment(ref timeouts);
            sessions[2].Dispose();
        };
        sessions[3].InactivityTimeout += (_, _) => Interlocked.Increment(ref timeouts);
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(2, timeouts);
        Assert.Equal(sessions.Length - 1, grid.Count);
        foreach (RtpSession session in sessions)
        {
            session.Dispose();
        }

        Assert.Equal(0, grid.Count);
        _time.Advance(TimeSpan.FromSeconds(3)); // no session, no timer: nothing runs
        Assert.Equal(2, timeouts);
    }

    private RtpSession Create(RtpSessionOptions options)
    {
        Assert.True(RtpSession.TryCreate(_allocator, IPAddress.Loopback, options, _time, out RtpSession? session));
        _disposables.Add(session);
        return session;
    }
}
