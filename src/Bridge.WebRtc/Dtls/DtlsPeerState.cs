using Bridge.Rtp.Srtp;
using Org.BouncyCastle.Tls;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace Bridge.WebRtc.Dtls;

/// <summary>
/// What the BouncyCastle peer (client or server) learns during the handshake and what the endpoint reads
/// after it: the chosen profile, the peer's certificate fingerprint, why it failed, whether the peer closed.
/// </summary>
internal sealed class DtlsPeerState
{
    private readonly DtlsFingerprint _expected;

    public DtlsPeerState(DtlsCertificate certificate, DtlsFingerprint expected, int[] profiles, int handshakeTimeoutMillis)
    {
        Certificate = certificate;
        _expected = expected;
        Profiles = profiles;
        HandshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /// <summary>The bridge's own certificate.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The <c>use_srtp</c> profiles offered or accepted, most preferred first.</summary>
    public int[] Profiles { get; }

    /// <summary>BouncyCastle's own handshake deadline (RFC 6347 §4.2.4 retransmissions stop there).</summary>
    public int HandshakeTimeoutMillis { get; }

    /// <summary>The <c>use_srtp</c> profile both sides agreed on, or -1.</summary>
    public int SelectedProfile { get; set; } = -1;

    /// <summary>SHA-256 fingerprint of the certificate the peer presented, once it matched.</summary>
    public DtlsFingerprint? PeerFingerprint { get; private set; }

    /// <summary>Why the handshake failed on our side, when a check of ours failed it.</summary>
    public DtlsFailure? Failure { get; private set; }

    /// <summary>The alert the peer sent, if any (close_notify or a fatal alert).</summary>
    public short? AlertReceived { get; set; }

    /// <summary>
    /// Checks the peer's certificate against the SDP <c>a=fingerprint</c> (RFC 5763 §5: a mismatch MUST fail the
    /// handshake). BouncyCastle has already checked that the peer holds the key (CertificateVerify or the signed
    /// ServerKeyExchange), so a matching hash authenticates the peer.
    /// </summary>
    /// <exception cref="TlsFatalAlert">No certificate, or one that does not match.</exception>
    public void VerifyPeerCertificate(TlsCertificateChain? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw Fail(DtlsFailure.NoPeerCertificate, AlertDescription.certificate_required, "peer sent no certificate");
        }

        var der = chain.GetCertificateAt(0).GetEncoded();
        if (!_expected.Matches(der))
        {
            throw Fail(DtlsFailure.FingerprintMismatch, AlertDescription.bad_certificate, "certificate does not match the SDP fingerprint");
        }

        PeerFingerprint = DtlsFingerprint.Compute(der);
    }

    /// <summary>The suite of <see cref="SelectedProfile"/>, once the handshake is complete.</summary>
    public SrtpSuite Suite { get; private set; }

    /// <summary>client_write_key || server_write_key || client_write_salt || server_write_salt (RFC 5764 §4.2); the endpoint wipes it.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    /// <summary>
    /// Exports the SRTP keying material with the label "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2, RFC 5705). BouncyCastle
    /// allows the exporter only from NotifyHandshakeComplete.
    /// </summary>
    public void ExportKeyingMaterial(TlsContext context)
    {
        if (!SrtpSuites.TryFromDtlsProfile(SelectedProfile, out var suite))
        {
            throw Fail(DtlsFailure.NoCommonProfile, AlertDescription.internal_error, "handshake ended without a use_srtp profile");
        }

        Suite = suite;
        var length = 2 * (SrtpSuites.GetMasterKeyLength(suite) + SrtpSuites.GetMasterSaltLength(suite));
        KeyingMaterial = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }

    /// <summary>Records a failure of ours and builds the alert that aborts the handshake.</summary>
    public TlsFatalAlert Fail(DtlsFailure failure, short alert, string message)
    {
        Failure ??= failure;
        return new TlsFatalAlert(alert, message);
    }
}
