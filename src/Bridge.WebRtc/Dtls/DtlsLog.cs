using Microsoft.Extensions.Logging;

namespace Bridge.WebRtc.Dtls;

/// <summary>Source-generated log messages of DTLS-SRTP. Never logs key material.</summary>
internal static partial class DtlsLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "DTLS-SRTP {Role} handshake complete: {Suite}, peer {PeerFingerprint}, {ElapsedMs} ms")]
    public static partial void HandshakeComplete(ILogger logger, DtlsRole role, Bridge.Rtp.Srtp.SrtpSuite suite, string peerFingerprint, long elapsedMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "DTLS-SRTP {Role} handshake failed ({Failure}): {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, DtlsRole role, DtlsFailure failure, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "DTLS-SRTP {Role} association closed: {Reason}")]
    public static partial void Closed(ILogger logger, DtlsRole role, string reason);
}
