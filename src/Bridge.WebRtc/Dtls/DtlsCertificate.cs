using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcHashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;
using X509CertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace Bridge.WebRtc.Dtls;

/// <summary>
/// The bridge's DTLS identity: an ECDSA P-256 certificate and its private key. WebRTC needs no CA: the
/// peer checks the certificate against the <c>a=fingerprint</c> the bridge put into its SDP (RFC 5763 §5),
/// so a self-signed one made at start-up is enough, and one per process serves every call (browsers do
/// the same). Immutable and thread-safe.
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, DateTimeOffset notAfter)
    {
        _der = der;
        PrivateKey = privateKey;
        NotAfter = notAfter;
        Fingerprint = DtlsFingerprint.Compute(der);
    }

    /// <summary>The SHA-256 fingerprint for SDP: <c>a=fingerprint:</c> followed by <c>Fingerprint.ToString()</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The DER encoding of the certificate.</summary>
    public ReadOnlySpan<byte> DerEncoded => _der;

    /// <summary>End of the validity period (browsers do not check it for DTLS-SRTP, OpenSSL peers may).</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The private key in BouncyCastle's form, for signing the handshake.</summary>
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Generates a fresh ECDSA P-256 key and a self-signed certificate (SHA-256 with ECDSA) valid from a day
    /// before <paramref name="now"/> for <paramref name="lifetime"/> (default 30 days). Uses the platform's
    /// native crypto: about a millisecond.
    /// </summary>
    public static DtlsCertificate Generate(DateTimeOffset now, TimeSpan? lifetime = null, string commonName = "bridge")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new X509CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        var notBefore = now.AddDays(-1);
        var notAfter = now + (lifetime ?? TimeSpan.FromDays(30));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER (RFC 5280 §4.1.2.2)
        using var certificate = request.Create(
            request.SubjectName,
            X509SignatureGenerator.CreateForECDsa(key),
            notBefore,
            notAfter,
            serial);
        return FromKey(certificate.RawData, key, certificate.NotAfter);
    }

    /// <summary>Generates a certificate valid from now (see <see cref="Generate(DateTimeOffset, TimeSpan?, string)"/>).</summary>
    public static DtlsCertificate Generate() => Generate(DateTimeOffset.UtcNow);

    /// <summary>Loads a PEM certificate and its PEM ECDSA private key (PKCS#8 or SEC1), e.g. made by <c>openssl ecparam/req</c>.</summary>
    /// <exception cref="CryptographicException">The PEM is unreadable, the key is not ECDSA, or the key does not belong to the certificate.</exception>
    public static DtlsCertificate FromPem(string certificatePem, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var publicKey = certificate.GetECDsaPublicKey()
            ?? throw new CryptographicException("The DTLS certificate does not carry an ECDSA key.");
        using var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        if (!publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new CryptographicException("The private key does not belong to the DTLS certificate.");
        }

        return FromKey(certificate.RawData, key, certificate.NotAfter);
    }

    /// <summary>The one-certificate chain BouncyCastle sends in the Certificate message (RFC 5246 §7.4.2).</summary>
    internal TlsCertificateChain CreateChain(TlsCrypto crypto) =>
        new([crypto.CreateCertificate(_der)]);

    /// <summary>The credentials that sign ServerKeyExchange or CertificateVerify with ECDSA over SHA-256 (RFC 8422 §5.4).</summary>
    internal TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto) =>
        new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            PrivateKey,
            CreateChain(crypto),
            new SignatureAndHashAlgorithm(BcHashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    private static DtlsCertificate FromKey(byte[] der, ECDsa key, DateTimeOffset notAfter)
    {
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new DtlsCertificate(der, PrivateKeyFactory.CreateKey(pkcs8), notAfter);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
