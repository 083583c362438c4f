using Bridge.TestKit.Skipping;

namespace Bridge.Rtp.Tests.Receive;

/// <summary>A call's release (issue 14, join storm): disposal that waits for the engine thread without blocking the caller.</summary>
public sealed partial class RtpReceiveEngineTests
{
    [SkippableFact]
    public async Task DisposeWhenReceiveStoppedReturnsAtOnceAndDisposesOnceTheEngineLetGo()
    {
        RequireEngine();
        RtpSession session = Start(out _);
        using var inHandler = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        long calls = 0;
        session.NonMediaDatagramReceived = (_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            inHandler.Set();
            release.Wait(TimeSpan.FromSeconds(10)); // holds the engine thread inside a dispatch
        };
        await _sender.SendAsync(new byte[] { 0, 1, 0, 0 }, session.LocalRtpEndPoint);
        Assert.True(inHandler.Wait(TimeSpan.FromSeconds(10)), "the engine never dispatched");

        // Dispose would block here until the engine thread lets go; this returns a task that waits for it instead.
        Task disposed = session.DisposeWhenReceiveStoppedAsync();
        bool completedWhileHeld = disposed.IsCompleted;
        bool sendsWhileHeld = session.SendDatagram([0x80, 0, 0, 1], new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9).Serialize());
        release.Set();
        await disposed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(completedWhileHeld);
        Assert.True(sendsWhileHeld, "disposed before the engine let go");
        Assert.False(session.SendDatagram([0x80, 0, 0, 1], new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9).Serialize()));
        Assert.Equal(0, _engine!.Registrations);
        Assert.Equal(1, Interlocked.Read(ref calls));
    }
}
