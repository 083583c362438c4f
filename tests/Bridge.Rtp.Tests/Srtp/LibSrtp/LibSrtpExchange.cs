using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp.LibSrtp;

/// <summary>Drives 70,000 SRTP packets from one implementation to the other (shared by the libsrtp cross-checks).</summary>
internal static class LibSrtpExchange
{
    public const int PacketCount = 70_000;
    public const ushort FirstSeq = 65_000;
    public const uint Ssrc = 0x1234_5678;

    public delegate bool Unprotector(byte[] buffer, ref int length);

    public static TheoryData<SrtpSuite> AllSuites => new(Enum.GetValues<SrtpSuite>());

    /// <summary>
    /// Sends <see cref="PacketCount"/> packets from <paramref name="protect"/> to <paramref name="unprotect"/>:
    /// every 50th pair swapped, every 1000th lost, every 7th with a header extension, every 11th with CSRCs,
    /// and payloads of 160 octets except every 13th (0–190 octets) and every 17th (1100–1399, several keystream batches).
    /// </summary>
    public static void Run(Func<byte[], int, int> protect, Unprotector unprotect)
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
