using Bridge.Rtp;
using Bridge.Rtp.Srtp;

namespace Bridge.Calls.WebRtc;

/// <summary>
/// The WebRTC leg's SRTP (RFC 5764 §4.2): until the DTLS handshake has given keys, nothing is sent and every received
/// packet is dropped (counted, and reported once through the callback), so plain or early RTP never reaches the jitter
/// buffer. Afterwards it is the <see cref="SrtpSession"/> of the exported keys. Allocation-free per packet.
/// </summary>
internal sealed class WebRtcSrtpGate(Action firstDropBeforeKeys) : IRtpProtector, IDisposable
{
    private volatile SrtpSession? _session;
    private long _droppedBeforeKeys;
    private int _reported;
    private int _disposed;

    /// <summary>True once DTLS gave keys.</summary>
    public bool HasKeys => _session is not null;

    /// <summary>Packets received before the keys were there.</summary>
    public long DroppedBeforeKeys => Interlocked.Read(ref _droppedBeforeKeys);

    /// <summary>Takes the session made from the DTLS exporter's keys (once; a second one is disposed).</summary>
    public void Install(SrtpSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.CompareExchange(ref _session, session, null) is not null)
        {
            session.Dispose();
        }
    }

    public int ProtectRtp(Span<byte> buffer, int length) => _session is { } session ? session.ProtectRtp(buffer, length) : -1;

    public bool TryUnprotectRtp(Span<byte> buffer, ref int length) =>
        _session is { } session ? session.TryUnprotectRtp(buffer, ref length) : Drop();

    public int ProtectRtcp(Span<byte> buffer, int length) => _session is { } session ? session.ProtectRtcp(buffer, length) : -1;

    public bool TryUnprotectRtcp(Span<byte> buffer, ref int length) =>
        _session is { } session ? session.TryUnprotectRtcp(buffer, ref length) : Drop();

    /// <summary>Only after the mixer acknowledged the leave (docs/architecture.md §3).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Interlocked.Exchange(ref _session, null)?.Dispose();
        }
    }

    private bool Drop()
    {
        Interlocked.Increment(ref _droppedBeforeKeys);
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            firstDropBeforeKeys();
        }

        return false;
    }
}
