using Bridge.Rtp.Srtp;
using static Bridge.Rtp.Tests.Srtp.LibSrtp.LibSrtpExchange;

namespace Bridge.Rtp.Tests.Srtp.LibSrtp;

/// <summary>SRTCP cross-check against libsrtp 2.5: encrypted both ways with replay, and unencrypted (E = 0) from libsrtp.</summary>
public sealed class LibSrtcpInteropTests
{
    public static TheoryData<SrtpSuite> AllSuites => LibSrtpExchange.AllSuites;

    private const int RtcpCount = 300;

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void SrtcpInteroperatesBothWays(SrtpSuite suite)
    {
        var toReference = SrtpKeyMaterial.Generate(suite);
        var fromReference = SrtpKeyMaterial.Generate(suite);
        using var ours = new SrtpSession(toReference, fromReference);
        using var referenceIn = new LibSrtpSession(toReference, outbound: false);
        using var referenceOut = new LibSrtpSession(fromReference, outbound: true);

        var buffer = new byte[256];
        var expected = new byte[256];
        for (uint i = 0; i < RtcpCount; i++)
        {
            var length = SrtpTestPackets.WriteRtcp(buffer, Ssrc, i);
            buffer.AsSpan(0, length).CopyTo(expected);
            var sent = ours.ProtectRtcp(buffer, length);
            Assert.True(sent > length);
            Assert.Equal(LibSrtpNative.Ok, referenceIn.UnprotectRtcp(buffer, ref sent));
            Assert.Equal(length, sent);
            Assert.True(expected.AsSpan(0, length).SequenceEqual(buffer.AsSpan(0, length)), $"SRTCP {i} to libsrtp");

            length = SrtpTestPackets.WriteRtcp(buffer, Ssrc + 1, i);
            buffer.AsSpan(0, length).CopyTo(expected);
            var received = length;
            Assert.Equal(LibSrtpNative.Ok, referenceOut.ProtectRtcp(buffer, ref received));
            var copy = buffer[..received];
            Assert.True(ours.TryUnprotectRtcp(buffer, ref received), $"SRTCP {i} from libsrtp");
            Assert.Equal(length, received);
            Assert.True(expected.AsSpan(0, length).SequenceEqual(buffer.AsSpan(0, length)));

            var replayLength = copy.Length;
            Assert.False(ours.TryUnprotectRtcp(copy, ref replayLength), "replayed SRTCP");
        }
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void WeReadUnencryptedSrtcpFromLibSrtp(SrtpSuite suite)
    {
        var material = SrtpKeyMaterial.Generate(suite);
        using var ours = new SrtpSession(SrtpKeyMaterial.Generate(suite), material);
        using var reference = new LibSrtpSession(material, outbound: true, rtcpAuthOnly: true);

        var buffer = new byte[256];
        var expected = new byte[256];
        for (uint i = 0; i < 50; i++)
        {
            var length = SrtpTestPackets.WriteRtcp(buffer, Ssrc, i);
            buffer.AsSpan(0, length).CopyTo(expected);
            var received = length;
            Assert.Equal(LibSrtpNative.Ok, reference.ProtectRtcp(buffer, ref received));
            Assert.True(expected.AsSpan(8, 40).SequenceEqual(buffer.AsSpan(8, 40)), "E = 0 leaves the payload in clear");

            var tampered = buffer[..received];
            tampered[20] ^= 1;
            var tamperedLength = tampered.Length;
            Assert.False(ours.TryUnprotectRtcp(tampered, ref tamperedLength), "clear SRTCP is still authenticated");

            Assert.True(ours.TryUnprotectRtcp(buffer, ref received), $"unencrypted SRTCP {i}");
            Assert.Equal(length, received);
            Assert.True(expected.AsSpan(0, length).SequenceEqual(buffer.AsSpan(0, length)));
        }
    }
}
