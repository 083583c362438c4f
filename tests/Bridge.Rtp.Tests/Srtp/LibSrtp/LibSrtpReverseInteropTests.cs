using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp.LibSrtp;

/// <summary>Cross-check against libsrtp 2.5, libsrtp protecting and our side unprotecting (see <see cref="LibSrtpInteropTests"/>).</summary>
public sealed class LibSrtpReverseInteropTests
{
    public static TheoryData<SrtpSuite> AllSuites => LibSrtpExchange.AllSuites;

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void WeReadWhatLibSrtpProtects(SrtpSuite suite)
    {
        var material = SrtpKeyMaterial.Generate(suite);
        using var ours = new SrtpSession(SrtpKeyMaterial.Generate(suite), material);
        using var reference = new LibSrtpSession(material, outbound: true);

        LibSrtpExchange.Run(
            (buffer, length) => reference.Protect(buffer, ref length) == LibSrtpNative.Ok ? length : -1,
            (byte[] buffer, ref int length) => ours.TryUnprotectRtp(buffer, ref length));
    }
}
