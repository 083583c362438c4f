using Bridge.Rtp.Srtp;
using Bridge.TestKit.Allocation;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>The per-packet path allocates nothing (docs/architecture.md §4: hot paths are allocation-free).</summary>
public sealed class SrtpAllocationTests
{
    [Theory]
    [InlineData(SrtpSuite.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpSuite.AesCm128HmacSha1Tag32)]
    [InlineData(SrtpSuite.Aes256CmHmacSha1Tag80)]
    [InlineData(SrtpSuite.AeadAes128Gcm)]
    [InlineData(SrtpSuite.AeadAes256Gcm)]
    public void ProtectAndUnprotectAllocateNothing(SrtpSuite suite)
    {
        var aToB = SrtpKeyMaterial.Generate(suite);
        var bToA = SrtpKeyMaterial.Generate(suite);
        using var alice = new SrtpSession(aToB, bToA);
        using var bob = new SrtpSession(bToA, aToB);
        var buffer = new byte[512];
        ushort seq = 0;

        RunPackets(200); // warm up: first-call initialisation may allocate
        AllocationRounds.AssertNone(() => RunPackets(2000));

        void RunPackets(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var length = alice.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, seq++, 0xABCD, 160));
                if (!bob.TryUnprotectRtp(buffer, ref length))
                {
                    Assert.Fail("SRTP round trip failed");
                }

                length = alice.ProtectRtcp(buffer, SrtpTestPackets.WriteRtcp(buffer, 0xABCD, (uint)i));
                if (!bob.TryUnprotectRtcp(buffer, ref length))
                {
                    Assert.Fail("SRTCP round trip failed");
                }
            }
        }
    }

    [Theory]
    [InlineData(SrtpSuite.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpSuite.AeadAes128Gcm)]
    [InlineData(SrtpSuite.AeadAes256Gcm)]
    public void RejectingForgedPacketsAllocatesNothing(SrtpSuite suite)
    {
        // A forged AES-GCM packet used to make AesGcm throw: an exception object (216 B) and ~12 µs per packet.
        var aToB = SrtpKeyMaterial.Generate(suite);
        using var alice = new SrtpSession(aToB, SrtpKeyMaterial.Generate(suite));
        using var bob = new SrtpSession(SrtpKeyMaterial.Generate(suite), aToB);
        var forged = new byte[512];
        var buffer = new byte[512];
        var forgedLength = alice.ProtectRtp(forged, SrtpTestPackets.WriteRtp(forged, 1, 0xABCD, 160));
        forged[forgedLength - 1] ^= 0x55;
        var forgedRtcp = new byte[512];
        var forgedRtcpLength = alice.ProtectRtcp(forgedRtcp, SrtpTestPackets.WriteRtcp(forgedRtcp, 0xABCD, 1));
        forgedRtcp[20] ^= 0x55;

        RunForged(50);
        AllocationRounds.AssertNone(() => RunForged(1000));

        void RunForged(int count)
        {
            for (var i = 0; i < count; i++)
            {
                forged.AsSpan().CopyTo(buffer);
                var length = forgedLength;
                if (bob.TryUnprotectRtp(buffer, ref length))
                {
                    Assert.Fail("a forged SRTP packet was accepted");
                }

                forgedRtcp.AsSpan().CopyTo(buffer);
                length = forgedRtcpLength;
                if (bob.TryUnprotectRtcp(buffer, ref length))
                {
                    Assert.Fail("a forged SRTCP packet was accepted");
                }
            }
        }
    }
}
