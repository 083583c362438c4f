using Bridge.Rtp.Srtp;

namespace Bridge.WebRtc.Dtls;

/// <summary>Settings of a <see cref="DtlsSrtpEndpoint"/>; the defaults suit browsers.</summary>
public sealed record DtlsSrtpOptions
{
    /// <summary>The defaults.</summary>
    public static DtlsSrtpOptions Default { get; } = new();

    /// <summary>Time from <see cref="DtlsSrtpEndpoint.Start"/> until the handshake fails when it has not finished.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest datagram the endpoint sends: handshake messages are fragmented to fit (RFC 6347 §4.1.1). 1200 keeps clear of IPv6 and TURN overheads.</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>DTLS datagrams queued from the socket before more are dropped (a flight is a handful).</summary>
    public int QueueCapacity { get; init; } = 32;

    /// <summary>
    /// The SRTP suites offered (client) or accepted (server), most preferred first; suites without a DTLS-SRTP
    /// profile (AES-256-CM) are ignored. Default: AEAD_AES_128_GCM (0x0007), then AES_CM_128_HMAC_SHA1_80 (0x0001).
    /// </summary>
    public IReadOnlyList<SrtpSuite> SrtpSuites { get; init; } = [SrtpSuite.AeadAes128Gcm, SrtpSuite.AesCm128HmacSha1Tag80];

    /// <summary>
    /// As server, answer a ClientHello with a stateless HelloVerifyRequest cookie (RFC 6347 §4.2.1) before committing state or
    /// sending the certificate flight. Off for browsers (a valid ICE check already proved the address); on for SIP phones,
    /// where nothing did.
    /// </summary>
    public bool VerifyClientAddress { get; init; }

    /// <summary>Throws when a value is out of range (configuration time).</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HandshakeTimeout, TimeSpan.FromMilliseconds(100), nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(Mtu, 256, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Mtu, DtlsDatagramChannel.MaxDatagramLength, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 4, nameof(QueueCapacity));
        if (DtlsSrtpProfiles.FromSuites(SrtpSuites).Length == 0)
        {
            throw new ArgumentException("No SRTP suite with a DTLS-SRTP protection profile.", nameof(SrtpSuites));
        }
    }
}
