namespace Bridge.Rtp;

/// <summary>
/// Disposal that does not block the calling thread while a receive-engine thread lets go of the sockets: a call's media is
/// released on the thread pool, and in a join storm hundreds of hang-ups a second each held a pool thread in
/// <see cref="Dispose"/>'s wait for the receive thread, which made the pool inject threads and delayed every other
/// callback (issue 14).
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>
    /// Takes the sockets off the receive engine, then disposes (<see cref="Dispose"/>) once its thread no longer touches
    /// this session; completes after that. Call it instead of <see cref="Dispose"/>, not while another thread may dispose.
    /// </summary>
    public async Task DisposeWhenReceiveStoppedAsync()
    {
        if (Interlocked.Exchange(ref _rtcpRegistration, null) is { } rtcp)
        {
            await rtcp.Thread.RemoveAsync(rtcp).ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _rtpRegistration, null) is { } rtp)
        {
            await rtp.Thread.RemoveAsync(rtp).ConfigureAwait(false);
        }

        Dispose();
    }
}
