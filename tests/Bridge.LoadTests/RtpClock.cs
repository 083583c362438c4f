using System.Diagnostics;

namespace Bridge.LoadTests;

/// <summary>One thread that makes every participant send a frame each 20 ms, at absolute deadlines (no drift).</summary>
internal sealed class RtpClock : IDisposable
{
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

            TickDeadline.SleepUntilNext(ref deadline);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }
}
