using System.Diagnostics;

namespace Bridge.LoadTests;

/// <summary>One thread that makes every participant send a frame each 20 ms, at absolute deadlines (no drift).</summary>
internal sealed class RtpClock : IDisposable
{
    private static readonly long Period = Stopwatch.Frequency / 50;
    private readonly IReadOnlyList<RtpParticipant> _participants;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public RtpClock(IReadOnlyList<RtpParticipant> participants)
    {
        _participants = participants;
        _thread = new Thread(Run) { IsBackground = true, Name = "rtp-clock", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    private void Run()
    {
        long deadline = Stopwatch.GetTimestamp();
        while (!_stopping)
        {
            foreach (var participant in _participants)
            {
                participant.Tick();
            }

            deadline += Period;
            long remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining > 0)
            {
                Thread.Sleep(TimeSpan.FromTicks(remaining * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            }
            else if (-remaining > 5 * Period)
            {
                deadline = Stopwatch.GetTimestamp(); // far behind (a stalled machine): do not burst
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }
}
