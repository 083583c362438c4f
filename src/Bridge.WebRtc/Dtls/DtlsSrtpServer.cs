using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace Bridge.WebRtc.Dtls;

/// <summary>
/// The BouncyCastle DTLS 1.2 server of a DTLS-SRTP session (RFC 5764 §4.1): ECDHE_ECDSA only (the
/// certificate is ECDSA; offering RSA suites makes BouncyCastle pick one and fail), a client certificate
/// required and checked against the SDP fingerprint (RFC 5763 §5), and one <c>use_srtp</c> profile chosen
/// from the client's list.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    /// <summary>ECDHE_ECDSA suites, AEAD first (RFC 8422 §6, RFC 5289, RFC 7905).</summary>
    private static readonly int[] EcdsaCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    public DtlsSrtpServer(BcTlsCrypto crypto, DtlsPeerState state)
        : base(crypto) => State = state;

    public DtlsPeerState State { get; }

    public override int GetHandshakeTimeoutMillis() => State.HandshakeTimeoutMillis;

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        State.ExportKeyingMaterial(m_context);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) => State.AlertReceived = alertDescription;

    /// <summary>RFC 5763 §5: the server MUST request a certificate; ECDSA and RSA client keys are both accepted.</summary>
    public override CertificateRequest GetCertificateRequest() =>
        new(
            [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
            null);

    public override void NotifyClientCertificate(TlsCertificateChain clientCertificate) =>
        State.VerifyPeerCertificate(clientCertificate);

    /// <summary>RFC 5764 §4.1.1: pick one profile the client offered; without one in common, fail the handshake.</summary>
    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        UseSrtpData? offered;
        try
        {
            offered = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        }
        catch (EndOfStreamException)
        {
            throw new TlsFatalAlert(AlertDescription.decode_error, "malformed use_srtp extension");
        }

        if (offered is null)
        {
            throw State.Fail(DtlsFailure.NoCommonProfile, AlertDescription.handshake_failure, "client offered no use_srtp");
        }

        var selected = DtlsSrtpProfiles.Select(State.Profiles, offered.ProtectionProfiles);
        if (selected < 0)
        {
            throw State.Fail(DtlsFailure.NoCommonProfile, AlertDescription.handshake_failure, "no common SRTP protection profile");
        }

        State.SelectedProfile = selected;
    }

    /// <summary>Answers with the chosen profile and an empty MKI (RFC 5764 §4.1.1: the bridge's SRTP uses no MKI).</summary>
    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([State.SelectedProfile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, EcdsaCipherSuites);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        State.Certificate.CreateSigner(m_context, (BcTlsCrypto)Crypto);
}
