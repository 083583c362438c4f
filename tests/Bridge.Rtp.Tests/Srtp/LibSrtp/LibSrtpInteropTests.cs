using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp.LibSrtp;

/// <summary>
/// Cross-check against libsrtp 2.5, our side protecting: 70,000 SRTP packets per suite starting near the top
/// of the sequence space so the ROC goes 0 → 1 → 2, with reordering, loss and varied sizes. The reverse
/// direction and SRTCP are separate classes so xunit runs them in parallel.
/// </summary>
public sealed class LibSrtpInteropTests
{
    public static TheoryData<SrtpSuite> AllSuites => LibSrtpExchange.AllSuites;

    [Fact]
    public void LibSrtpIsTheExpectedVersion()
    {
        Assert.True(File.Exists("/usr/lib/x86_64-linux-gnu/libsrtp2.so.1"), "libsrtp2-1 must be installed (apt-get install libsrtp2-1)");
        Assert.StartsWith("libsrtp2 2.", LibSrtpSession.Version, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void LibSrtpReadsWhatWeProtect(SrtpSuite suite)
    {
        var material = SrtpKeyMaterial.Generate(suite);
        using var ours = new SrtpSession(material, SrtpKeyMaterial.Generate(suite));
        using var reference = new LibSrtpSession(material, outbound: false);

        LibSrtpExchange.Run(
            (buffer, length) => ours.ProtectRtp(buffer, length),
            (byte[] buffer, ref int length) => reference.Unprotect(buffer, ref length) == LibSrtpNative.Ok);
    }
}
