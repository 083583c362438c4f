using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Bridge.WebRtc.Dtls;

/// <summary>
/// The BouncyCastle DTLS 1.2 client of a DTLS-SRTP session, for an <c>a=setup:active</c> answer (RFC 5763 §5):
/// offers the bridge's <c>use_srtp</c> profiles, checks the server's certificate against the SDP fingerprint and
/// presents the bridge's certificate when asked.
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    /// <summary>ECDHE with ECDSA or RSA server keys (a SIP phone's certificate may be RSA), AEAD first.</summary>
    private static readonly int[] ClientCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    ];

    public DtlsSrtpClient(BcTlsCrypto crypto, DtlsPeerState state)
        : base(crypto) => State = state;

    public DtlsPeerState State { get; }

    public override int GetHandshakeTimeoutMillis() => State.HandshakeTimeoutMillis;

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        State.ExportKeyingMaterial(m_context);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) => State.AlertReceived = alertDescription;

    /// <summary>RFC 5764 §4.1.1: the client lists the profiles it supports, in preference order, with no MKI.</summary>
    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(State.Profiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    /// <summary>RFC 5764 §4.1.1: the server answers exactly one of the offered profiles; anything else is illegal_parameter.</summary>
    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var answer = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (answer is null)
        {
            throw State.Fail(DtlsFailure.NoCommonProfile, AlertDescription.handshake_failure, "server did not answer use_srtp");
        }

        if (answer.ProtectionProfiles.Length != 1 || Array.IndexOf(State.Profiles, answer.ProtectionProfiles[0]) < 0)
        {
            throw State.Fail(DtlsFailure.NoCommonProfile, AlertDescription.illegal_parameter, "server chose a profile that was not offered");
        }

        State.SelectedProfile = answer.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, ClientCipherSuites);

    /// <summary>Checks the server's certificate (RFC 5763 §5) and answers its CertificateRequest with the bridge's.</summary>
    private sealed class Authentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client.State.VerifyPeerCertificate(serverCertificate?.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            client.State.Certificate.CreateSigner(client.m_context, (BcTlsCrypto)client.Crypto);
    }
}
