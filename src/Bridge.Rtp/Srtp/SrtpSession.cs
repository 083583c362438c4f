namespace Bridge.Rtp.Srtp;

/// <summary>
/// SRTP and SRTCP protection for one call leg (RFC 3711, RFC 6188, RFC 7714): one crypto context to send
/// with and one to receive with, each deriving its session keys once (KDR 0, §4.3) and keeping per-SSRC
/// ROC, highest sequence number, SRTCP index and a 64-packet replay window. All four methods work in
/// place on the caller's buffer and allocate nothing; the one exception is rejecting a forged AES-GCM
/// packet, where <see cref="System.Security.Cryptography.AesGcm"/> throws internally (caught here; it costs a
/// few microseconds and one exception object).
/// </summary>
/// <remarks>
/// MKI is not supported (RFC 3711 §3.1: it is optional); packets are read and written without one, so a
/// peer that sends an MKI fails authentication. The first packet of an unknown SSRC is taken at ROC 0
/// (RFC 3711 §3.3.1), as SDES keying implies; a peer that joins with ROC > 0 is not readable.
/// Threading: each method must not run concurrently with itself, but the four may run on four threads.
/// Dispose only once no packet is in flight. Bad input never throws: it yields -1 or false.
/// </remarks>
public sealed class SrtpSession : IRtpProtector, IDisposable
{
    /// <summary>Default number of SSRCs tracked per direction and packet kind.</summary>
    public const int DefaultMaxStreams = 16;

    private readonly SrtpSender _sender;
    private readonly SrtpReceiver _receiver;
    private volatile bool _disposed;

    /// <summary>Creates a session; <paramref name="send"/> protects what the bridge sends, <paramref name="receive"/> checks what it receives.</summary>
    /// <exception cref="ArgumentException">A key or salt length does not match its suite.</exception>
    public SrtpSession(SrtpKeyMaterial send, SrtpKeyMaterial receive, int maxStreams = DefaultMaxStreams)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(receive);
        _sender = new SrtpSender(send, maxStreams);
        try
        {
            _receiver = new SrtpReceiver(receive, maxStreams);
        }
        catch
        {
            _sender.Dispose();
            throw;
        }

        SendSuite = send.Suite;
        ReceiveSuite = receive.Suite;
    }

    /// <summary>Suite used to protect outgoing packets.</summary>
    public SrtpSuite SendSuite { get; }

    /// <summary>Suite used to check incoming packets.</summary>
    public SrtpSuite ReceiveSuite { get; }

    /// <summary>Octets <see cref="ProtectRtp"/> appends: the buffer must have this much room after the RTP packet.</summary>
    public int RtpOverhead => _sender.RtpOverhead;

    /// <summary>Octets <see cref="ProtectRtcp"/> appends (E||SRTCP index and tag).</summary>
    public int RtcpOverhead => _sender.RtcpOverhead;

    /// <summary>
    /// Encrypts and authenticates the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place
    /// (RFC 3711 §3.3); the buffer needs <see cref="RtpOverhead"/> spare octets after it.
    /// </summary>
    /// <returns>The SRTP packet length, or -1 for a malformed packet, a buffer without room, or a disposed session.</returns>
    public int ProtectRtp(Span<byte> buffer, int length) => _disposed ? -1 : _sender.ProtectRtp(buffer, length);

    /// <summary>Authenticates, replay-checks and decrypts an SRTP packet in place (RFC 3711 §3.3).</summary>
    /// <returns>True with <paramref name="length"/> set to the RTP length; false (length untouched) for a forged, replayed or malformed packet.</returns>
    public bool TryUnprotectRtp(Span<byte> buffer, ref int length) => !_disposed && _receiver.TryUnprotectRtp(buffer, ref length);

    /// <summary>
    /// Encrypts and authenticates an RTCP compound packet in place (RFC 3711 §3.4); the buffer needs
    /// <see cref="RtcpOverhead"/> spare octets after it.
    /// </summary>
    /// <returns>The SRTCP packet length, or -1.</returns>
    public int ProtectRtcp(Span<byte> buffer, int length) => _disposed ? -1 : _sender.ProtectRtcp(buffer, length);

    /// <summary>Authenticates, replay-checks and decrypts an SRTCP packet in place (RFC 3711 §3.4).</summary>
    /// <returns>True with <paramref name="length"/> set to the RTCP length; false otherwise.</returns>
    public bool TryUnprotectRtcp(Span<byte> buffer, ref int length) => !_disposed && _receiver.TryUnprotectRtcp(buffer, ref length);

    /// <summary>Releases the crypto transforms and wipes the session salts.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sender.Dispose();
        _receiver.Dispose();
    }
}
