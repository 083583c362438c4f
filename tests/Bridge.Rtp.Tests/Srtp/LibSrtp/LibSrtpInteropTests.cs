using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp.LibSrtp;

/// <summary>
/// Cross-check against libsrtp 2.5: 70,000 SRTP packets each way per suite, starting near the top of the
/// sequence space so the ROC goes 0 → 1 → 2, with reordering and loss, plus SRTCP each way.
/// </summary>
public sealed class LibSrtpInteropTests
{
    private const int PacketCount = 70_000;
    private const int RtcpCount = 300;
    private const ushort FirstSeq = 65_000;
    private const uint Ssrc = 0x1234_5678;

    public static TheoryData<SrtpSuite> AllSuites => new(Enum.GetValues<SrtpSuite>());

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

        Exchange(
            (buffer, length) => ours.ProtectRtp(buffer, length),
            (byte[] buffer, ref int length) => reference.Unprotect(buffer, ref length) == LibSrtpNative.Ok);
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void WeReadWhatLibSrtpProtects(SrtpSuite suite)
    {
        var material = SrtpKeyMaterial.Generate(suite);
        using var ours = new SrtpSession(SrtpKeyMaterial.Generate(suite), material);
        using var reference = new LibSrtpSession(material, outbound: true);

        Exchange(
            (buffer, length) => reference.Protect(buffer, ref length) == LibSrtpNative.Ok ? length : -1,
            (byte[] buffer, ref int length) => ours.TryUnprotectRtp(buffer, ref length));
    }

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

    private delegate bool Unprotector(byte[] buffer, ref int length);

    /// <summary>
    /// Sends <see cref="PacketCount"/> packets from <paramref name="protect"/> to <paramref name="unprotect"/>:
    /// every 50th pair swapped, every 1000th lost, every 7th with a header extension, every 11th with CSRCs,
    /// and payloads of 160 octets except every 13th (0–190 octets) and every 17th (1100–1399, several keystream batches).
    /// </summary>
    private static void Exchange(Func<byte[], int, int> protect, Unprotector unprotect)
    {
        var first = new byte[2048];
        var second = new byte[2048];
        var expectedFirst = new byte[2048];
        var expectedSecond = new byte[2048];
        var delivered = 0;
        for (var i = 0; i < PacketCount; i++)
        {
            var swap = i % 50 == 0 && i + 1 < PacketCount;
            var firstLength = Build(first, expectedFirst, i);
            var firstSent = protect(first, firstLength);
            if (firstSent <= firstLength)
            {
                Assert.Fail($"protect failed at packet {i}");
            }

            if (swap)
            {
                i++;
                var secondLength = Build(second, expectedSecond, i);
                var secondSent = protect(second, secondLength);
                if (secondSent <= secondLength)
                {
                    Assert.Fail($"protect failed at packet {i}");
                }

                Deliver(second, secondSent, expectedSecond, secondLength, i);
            }

            if (i % 1000 == 999)
            {
                continue; // lost
            }

            Deliver(first, firstSent, expectedFirst, firstLength, swap ? i - 1 : i);
        }

        Assert.True(delivered > PacketCount - 100);

        void Deliver(byte[] buffer, int length, byte[] expected, int plainLength, int number)
        {
            var received = length;
            if (!unprotect(buffer, ref received))
            {
                Assert.Fail($"packet {number} (seq {(ushort)(FirstSeq + number)}) rejected");
            }

            if (received != plainLength)
            {
                Assert.Fail($"packet {number} has length {received}, expected {plainLength}");
            }

            if (!expected.AsSpan(0, plainLength).SequenceEqual(buffer.AsSpan(0, plainLength)))
            {
                Assert.Fail($"packet {number} decrypted to different bytes");
            }

            delivered++;
        }

        static int Build(byte[] buffer, byte[] expected, int number)
        {
            var length = SrtpTestPackets.WriteRtp(
                buffer,
                (ushort)(FirstSeq + number),
                Ssrc,
                PayloadLength(number),
                csrcCount: number % 11 == 0 ? 2 : 0,
                extensionWords: number % 7 == 0 ? 1 : -1);
            buffer.AsSpan(0, length).CopyTo(expected);
            return length;
        }

        static int PayloadLength(int number) =>
            number % 13 == 0 ? number % 191 : number % 17 == 0 ? 1100 + (number % 300) : 160;
    }
}
