namespace Bridge.WebRtc.Dtls;

/// <summary>A DTLS-SRTP handshake ended without keys; <see cref="Failure"/> says why.</summary>
public sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DtlsHandshakeException(DtlsFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with <see cref="DtlsFailure.Protocol"/>.</summary>
    public DtlsHandshakeException()
        : this(DtlsFailure.Protocol, "DTLS handshake failed.")
    {
    }

    /// <summary>Creates the exception with <see cref="DtlsFailure.Protocol"/>.</summary>
    public DtlsHandshakeException(string message)
        : this(DtlsFailure.Protocol, message)
    {
    }

    /// <summary>Creates the exception with <see cref="DtlsFailure.Protocol"/>.</summary>
    public DtlsHandshakeException(string message, Exception innerException)
        : this(DtlsFailure.Protocol, message, innerException)
    {
    }

    /// <summary>Why no keys were produced.</summary>
    public DtlsFailure Failure { get; }
}
