using Bridge.WebRtc.Dtls;

namespace Bridge.WebRtc.Tests.Dtls;

/// <summary>Certificates made once per test run (generation is cheap, but there is no need to repeat it).</summary>
internal static class DtlsTestCertificates
{
    public static DtlsCertificate Server { get; } = DtlsCertificate.Generate();

    public static DtlsCertificate Client { get; } = DtlsCertificate.Generate();

    public static DtlsCertificate Stranger { get; } = DtlsCertificate.Generate();

    /// <summary>Key||salt of both directions in RFC 5764 §4.2 order, rebuilt from the server's view.</summary>
    public static byte[] Concatenate(DtlsSrtpKeys serverKeys)
    {
        // The server sends with server_write_*, receives with client_write_*.
        return [.. serverKeys.Receive.MasterKey, .. serverKeys.Send.MasterKey, .. serverKeys.Receive.MasterSalt, .. serverKeys.Send.MasterSalt];
    }
}
