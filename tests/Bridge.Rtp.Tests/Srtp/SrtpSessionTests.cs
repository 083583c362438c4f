using System.Buffers.Binary;
using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>Round trips, forgeries, replays and rollover through the public <see cref="SrtpSession"/>.</summary>
public sealed class SrtpSessionTests
{
    private const uint Ssrc = 0xCAFEBABE;

    public static TheoryData<SrtpSuite> AllSuites => new(Enum.GetValues<SrtpSuite>());

    private static (SrtpSession Alice, SrtpSession Bob) Pair(SrtpSuite suite)
    {
        var aToB = SrtpKeyMaterial.Generate(suite);
        var bToA = SrtpKeyMaterial.Generate(suite);
        return (new SrtpSession(aToB, bToA), new SrtpSession(bToA, aToB));
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void RtpRoundTripsInBothDirections(SrtpSuite suite)
    {
        var (alice, bob) = Pair(suite);
        using (alice)
        using (bob)
        {
            var buffer = new byte[1500];
            var expected = new byte[1500];
            for (ushort seq = 100; seq < 120; seq++)
            {
                foreach (var (sender, receiver) in new[] { (alice, bob), (bob, alice) })
                {
                    var length = SrtpTestPackets.WriteRtp(buffer, seq, Ssrc, 160, csrcCount: seq % 3, extensionWords: seq % 4 == 0 ? 2 : -1);
                    buffer.AsSpan(0, length).CopyTo(expected);

                    var protectedLength = sender.ProtectRtp(buffer, length);
                    Assert.Equal(length + SrtpSuites.GetRtpOverhead(suite), protectedLength);
                    Assert.False(buffer.AsSpan(length - 160, 160).SequenceEqual(expected.AsSpan(length - 160, 160)), "payload must be encrypted");

                    var received = protectedLength;
                    Assert.True(receiver.TryUnprotectRtp(buffer, ref received));
                    Assert.Equal(length, received);
                    Assert.Equal(expected.AsSpan(0, length).ToArray(), buffer.AsSpan(0, length).ToArray());
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void EveryFlippedBitIsRejected(SrtpSuite suite)
    {
        var (alice, bob) = Pair(suite);
        using (alice)
        using (bob)
        {
            var original = new byte[256];
            var length = SrtpTestPackets.WriteRtp(original, 7, Ssrc, 40);
            var protectedLength = alice.ProtectRtp(original, length);
            for (var bit = 0; bit < protectedLength * 8; bit++)
            {
                var tampered = (byte[])original.Clone();
                tampered[bit / 8] ^= (byte)(1 << (bit % 8));
                var received = protectedLength;
                Assert.False(bob.TryUnprotectRtp(tampered, ref received), $"bit {bit} flipped was accepted");
                Assert.Equal(protectedLength, received);
            }

            // The genuine packet still passes: forgeries did not poison the state.
            var genuine = protectedLength;
            Assert.True(bob.TryUnprotectRtp(original, ref genuine));
        }
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void ReplayedRtpPacketIsRejected(SrtpSuite suite)
    {
        var (alice, bob) = Pair(suite);
        using (alice)
        using (bob)
        {
            var buffer = new byte[256];
            var length = alice.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, 1000, Ssrc, 160));
            var copy = buffer.AsSpan(0, length).ToArray();

            var first = length;
            Assert.True(bob.TryUnprotectRtp(buffer, ref first));
            var replay = length;
            Assert.False(bob.TryUnprotectRtp(copy, ref replay));
        }
    }

    [Fact]
    public void ReorderedPacketsInsideTheWindowPassOnceAndOlderOnesFail()
    {
        var (alice, bob) = Pair(SrtpSuite.AesCm128HmacSha1Tag80);
        using (alice)
        using (bob)
        {
            var packets = new List<byte[]>();
            for (ushort seq = 0; seq < 200; seq++)
            {
                var buffer = new byte[256];
                var length = alice.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, seq, Ssrc, 20));
                packets.Add(buffer[..length]);
            }

            Assert.True(Unprotect(bob, packets[150]));
            Assert.True(Unprotect(bob, packets[199]));
            Assert.True(Unprotect(bob, packets[150 + 1]), "inside the window, not yet seen");
            Assert.False(Unprotect(bob, packets[150 + 1]), "inside the window, seen");
            Assert.True(Unprotect(bob, packets[199 - 63]), "oldest index the window still covers");
            Assert.False(Unprotect(bob, packets[199 - 64]), "just behind the 64-packet window");
            Assert.False(Unprotect(bob, packets[10]), "far behind the window");
        }
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void RocAdvancesAcrossTheSequenceWrap(SrtpSuite suite)
    {
        var (alice, bob) = Pair(suite);
        using (alice)
        using (bob)
        {
            // Three wraps: 196,608 packets would be slow; start near the top and jump by 1000 (still < 2^15).
            var seq = 64_000;
            var buffer = new byte[256];
            for (var i = 0; i < 260; i++)
            {
                var length = alice.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, (ushort)seq, Ssrc, 40));
                Assert.True(length > 0);
                var received = length;
                Assert.True(bob.TryUnprotectRtp(buffer, ref received), $"packet {i} (seq {(ushort)seq}) after wrap");
                seq += 1000;
            }
        }
    }

    [Fact]
    public void LatePacketFromBeforeTheWrapUsesTheOldRoc()
    {
        var (alice, bob) = Pair(SrtpSuite.AesCm128HmacSha1Tag80);
        using (alice)
        using (bob)
        {
            var before = new byte[256];
            var beforeLength = alice.ProtectRtp(before, SrtpTestPackets.WriteRtp(before, 65_534, Ssrc, 20));
            var last = new byte[256];
            var lastLength = alice.ProtectRtp(last, SrtpTestPackets.WriteRtp(last, 65_535, Ssrc, 20));
            var after = new byte[256];
            var afterLength = alice.ProtectRtp(after, SrtpTestPackets.WriteRtp(after, 2, Ssrc, 20));

            Assert.True(Unprotect(bob, before[..beforeLength]));
            Assert.True(Unprotect(bob, after[..afterLength]), "ROC 1, seq 2");
            Assert.True(Unprotect(bob, last[..lastLength]), "late ROC 0, seq 65535");
            Assert.False(Unprotect(bob, last[..lastLength]), "replay of the late packet");
        }
    }

    [Theory]
    [InlineData(SrtpSuite.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpSuite.AeadAes128Gcm)]
    public void PacketWithTheWrongRocIsRejected(SrtpSuite suite)
    {
        // The ROC is authenticated (RFC 3711 §4.2) or part of the GCM IV (RFC 7714 §8.1): a wrong guess fails.
        var aToB = SrtpKeyMaterial.Generate(suite);
        var bToA = SrtpKeyMaterial.Generate(suite);
        using var alice = new SrtpSession(aToB, bToA);
        using var bob = new SrtpSession(bToA, aToB);
        var buffer = new byte[256];
        for (var seq = 0; seq <= 65_535; seq += 20_000)
        {
            var length = alice.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, (ushort)seq, Ssrc, 20));
            Assert.True(Unprotect(bob, buffer[..length]));
        }

        // Bob sits at ROC 0, s_l 60000, so seq 5 means ROC 1 to him; a restarted sender uses ROC 0.
        using var restarted = new SrtpSession(aToB, bToA);
        var late = restarted.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, 5, Ssrc, 20));
        Assert.False(Unprotect(bob, buffer[..late]));

        // The same seq from the original sender, which did wrap, is accepted.
        var wrapped = alice.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, 5, Ssrc, 20));
        Assert.True(Unprotect(bob, buffer[..wrapped]));
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void RtcpRoundTripsAndReplayIsRejected(SrtpSuite suite)
    {
        var (alice, bob) = Pair(suite);
        using (alice)
        using (bob)
        {
            var buffer = new byte[256];
            var expected = new byte[256];
            byte[]? first = null;
            for (uint i = 0; i < 10; i++)
            {
                var length = SrtpTestPackets.WriteRtcp(buffer, Ssrc, i);
                buffer.AsSpan(0, length).CopyTo(expected);
                var protectedLength = alice.ProtectRtcp(buffer, length);
                Assert.Equal(length + SrtpSuites.GetRtcpOverhead(suite), protectedLength);
                Assert.Equal(expected.AsSpan(0, 8).ToArray(), buffer.AsSpan(0, 8).ToArray());
                Assert.False(buffer.AsSpan(8, 40).SequenceEqual(expected.AsSpan(8, 40)), "SRTCP payload must be encrypted");
                first ??= buffer[..protectedLength];

                var received = protectedLength;
                Assert.True(bob.TryUnprotectRtcp(buffer, ref received));
                Assert.Equal(length, received);
                Assert.Equal(expected.AsSpan(0, length).ToArray(), buffer.AsSpan(0, length).ToArray());
            }

            var replayLength = first!.Length;
            Assert.False(bob.TryUnprotectRtcp(first, ref replayLength));
        }
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void TamperedRtcpIsRejected(SrtpSuite suite)
    {
        var (alice, bob) = Pair(suite);
        using (alice)
        using (bob)
        {
            var original = new byte[256];
            var protectedLength = alice.ProtectRtcp(original, SrtpTestPackets.WriteRtcp(original, Ssrc, 1));
            for (var octet = 0; octet < protectedLength; octet++)
            {
                var tampered = (byte[])original.Clone();
                tampered[octet] ^= 0x40;
                var received = protectedLength;
                Assert.False(bob.TryUnprotectRtcp(tampered, ref received), $"octet {octet} changed was accepted");
            }

            var genuine = protectedLength;
            Assert.True(bob.TryUnprotectRtcp(original, ref genuine));
        }
    }

    [Fact]
    public void SrtcpReorderingInsideTheWindowIsAcceptedOnce()
    {
        var (alice, bob) = Pair(SrtpSuite.AeadAes128Gcm);
        using (alice)
        using (bob)
        {
            var packets = new List<byte[]>();
            var buffer = new byte[256];
            for (uint i = 0; i < 100; i++)
            {
                var length = alice.ProtectRtcp(buffer, SrtpTestPackets.WriteRtcp(buffer, Ssrc, i));
                packets.Add(buffer[..length]);
            }

            Assert.True(UnprotectRtcp(bob, packets[99]));
            Assert.True(UnprotectRtcp(bob, packets[50]), "late but inside the window");
            Assert.False(UnprotectRtcp(bob, packets[50]), "replay");
            Assert.True(UnprotectRtcp(bob, packets[99 - 63]));
            Assert.False(UnprotectRtcp(bob, packets[99 - 64]), "behind the window");
        }

        static bool UnprotectRtcp(SrtpSession session, byte[] packet)
        {
            var copy = (byte[])packet.Clone();
            var length = copy.Length;
            return session.TryUnprotectRtcp(copy, ref length);
        }
    }

    [Fact]
    public void SrtcpIndexStartsAtZeroAndCarriesTheEncryptedFlag()
    {
        var (alice, bob) = Pair(SrtpSuite.AesCm128HmacSha1Tag80);
        using (alice)
        using (bob)
        {
            var buffer = new byte[256];
            for (uint i = 0; i < 3; i++)
            {
                var length = SrtpTestPackets.WriteRtcp(buffer, Ssrc, i);
                var protectedLength = alice.ProtectRtcp(buffer, length);
                Assert.Equal(0x8000_0000u | i, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(length, 4)));
                Assert.Equal(length + 14, protectedLength);
            }
        }
    }

    [Fact]
    public void WrongKeyIsRejected()
    {
        using var alice = new SrtpSession(SrtpKeyMaterial.Generate(SrtpSuite.AeadAes128Gcm), SrtpKeyMaterial.Generate(SrtpSuite.AeadAes128Gcm));
        using var mallory = new SrtpSession(SrtpKeyMaterial.Generate(SrtpSuite.AeadAes128Gcm), SrtpKeyMaterial.Generate(SrtpSuite.AeadAes128Gcm));
        var buffer = new byte[256];
        var length = alice.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, 1, Ssrc, 160));

        Assert.False(Unprotect(mallory, buffer[..length]));
    }

    [Fact]
    public void ForgedPacketsForNewSsrcsDoNotEvictTheRealStream()
    {
        var (alice, bob) = Pair(SrtpSuite.AesCm128HmacSha1Tag80);
        using (alice)
        using (bob)
        {
            var buffer = new byte[256];
            var packets = new List<byte[]>();
            for (ushort seq = 0; seq < 3; seq++)
            {
                var length = alice.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, seq, Ssrc, 20));
                packets.Add(buffer[..length]);
            }

            Assert.True(Unprotect(bob, packets[1]));
            for (uint ssrc = 1; ssrc < 100; ssrc++)
            {
                var forged = (byte[])packets[2].Clone();
                BinaryPrimitives.WriteUInt32BigEndian(forged.AsSpan(8), ssrc);
                Assert.False(Unprotect(bob, forged));
            }

            Assert.False(Unprotect(bob, packets[1]), "the stream and its replay window survived");
            Assert.True(Unprotect(bob, packets[2]));
        }
    }

    [Fact]
    public void SeveralSsrcsKeepSeparateState()
    {
        var (alice, bob) = Pair(SrtpSuite.AesCm128HmacSha1Tag32);
        using (alice)
        using (bob)
        {
            var buffer = new byte[256];
            for (ushort seq = 0; seq < 50; seq++)
            {
                for (uint ssrc = 1; ssrc <= 4; ssrc++)
                {
                    var length = alice.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, (ushort)(seq + (ssrc * 10_000)), ssrc, 20));
                    Assert.True(Unprotect(bob, buffer[..length]));
                }
            }
        }
    }

    [Fact]
    public void MalformedInputYieldsErrorValuesNotExceptions()
    {
        var (alice, bob) = Pair(SrtpSuite.AesCm128HmacSha1Tag80);
        using (alice)
        using (bob)
        {
            var buffer = new byte[256];
            var length = SrtpTestPackets.WriteRtp(buffer, 1, Ssrc, 160);

            Assert.Equal(-1, alice.ProtectRtp(buffer.AsSpan(0, length + 9), length)); // no room for a 10-octet tag
            Assert.Equal(-1, alice.ProtectRtp(buffer, 11));
            Assert.Equal(-1, alice.ProtectRtp(buffer, 300));
            buffer[0] = 0x40; // version 1
            Assert.Equal(-1, alice.ProtectRtp(buffer, length));
            buffer[0] = 0x8F; // 15 CSRCs: header longer than the packet
            Assert.Equal(-1, alice.ProtectRtp(buffer, 40));
            Assert.Equal(-1, alice.ProtectRtcp(buffer, 7));

            foreach (var size in new[] { 0, 1, 12, 21, 22, 40 })
            {
                var junk = new byte[size];
                Random.Shared.NextBytes(junk);
                var junkLength = size;
                Assert.False(bob.TryUnprotectRtp(junk, ref junkLength));
                Assert.False(bob.TryUnprotectRtcp(junk, ref junkLength));
            }

            var tooLong = 500;
            Assert.False(bob.TryUnprotectRtp(buffer, ref tooLong));
        }
    }

    [Fact]
    public void DisposedSessionRefusesPackets()
    {
        var (alice, bob) = Pair(SrtpSuite.AeadAes256Gcm);
        bob.Dispose();
        alice.Dispose();
        var buffer = new byte[256];
        var length = SrtpTestPackets.WriteRtp(buffer, 1, Ssrc, 20);

        Assert.Equal(-1, alice.ProtectRtp(buffer, length));
        Assert.False(bob.TryUnprotectRtp(buffer, ref length));
    }

    [Fact]
    public void MismatchedKeyLengthIsRejectedAtConstruction()
    {
        var good = SrtpKeyMaterial.Generate(SrtpSuite.AesCm128HmacSha1Tag80);
        var shortSalt = good with { MasterSalt = new byte[12] };

        Assert.Throws<ArgumentException>(() => new SrtpSession(good, shortSalt));
        Assert.Throws<ArgumentException>(() => new SrtpSession(good with { Suite = SrtpSuite.Aes256CmHmacSha1Tag80 }, good));
    }

    private static bool Unprotect(SrtpSession session, byte[] packet)
    {
        var copy = (byte[])packet.Clone();
        var length = copy.Length;
        return session.TryUnprotectRtp(copy, ref length);
    }
}
