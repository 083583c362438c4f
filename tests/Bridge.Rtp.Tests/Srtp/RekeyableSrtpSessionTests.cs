using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>SDES re-keying by re-INVITE (RFC 4568 §7.1.4) through <see cref="RekeyableSrtpSession"/>.</summary>
public sealed class RekeyableSrtpSessionTests
{
    private const uint Ssrc = 0x1234_5678;
    private const SrtpSuite Suite = SrtpSuite.AesCm128HmacSha1Tag80;

    private static byte[] Protect(SrtpSession peer, ushort seq, out int length)
    {
        var buffer = new byte[256];
        length = peer.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, seq, Ssrc, 160));
        return buffer;
    }

    private static bool Accepts(IRtpProtector receiver, byte[] packet, int length)
    {
        var copy = (byte[])packet.Clone();
        return receiver.TryUnprotectRtp(copy, ref length);
    }

    [Fact]
    public void After_the_peer_rekeys_both_keys_work_until_the_new_one_is_seen_then_only_the_new_one()
    {
        var ours = SrtpKeyMaterial.Generate(Suite);
        var peerOld = SrtpKeyMaterial.Generate(Suite);
        var peerNew = SrtpKeyMaterial.Generate(Suite);
        using var bridge = new RekeyableSrtpSession(ours, peerOld);
        using var phoneOld = new SrtpSession(peerOld, ours);
        using var phoneNew = new SrtpSession(peerNew, ours);
        var old1 = Protect(phoneOld, 1, out var old1Length);
        var old2 = Protect(phoneOld, 2, out var old2Length);
        var old3 = Protect(phoneOld, 3, out var old3Length);
        Assert.True(Accepts(bridge, old1, old1Length));

        bridge.ReplaceReceiveKey(peerNew);

        Assert.True(Accepts(bridge, old2, old2Length), "a packet sent before the phone switched keys");
        var new1 = Protect(phoneNew, 1000, out var new1Length);
        Assert.True(Accepts(bridge, new1, new1Length));
        Assert.False(Accepts(bridge, old3, old3Length), "the old key is retired once the new one authenticated a packet");
        Assert.Equal(1, bridge.ReceiveKeyChanges);
    }

    [Fact]
    public void Keeping_our_key_keeps_our_send_context_so_the_rollover_counter_goes_on()
    {
        var ours = SrtpKeyMaterial.Generate(Suite);
        var peer = SrtpKeyMaterial.Generate(Suite);
        using var bridge = new RekeyableSrtpSession(ours, peer);
        using var reference = new SrtpSession(ours, peer);
        var a = new byte[256];
        var b = new byte[256];
        // Cross the 16-bit sequence wrap (ROC 0 → 1) before and after the peer re-keys.
        for (var i = 0; i < 6; i++)
        {
            var seq = (ushort)(65533 + i);
            if (i == 3)
            {
                bridge.ReplaceReceiveKey(SrtpKeyMaterial.Generate(Suite));
            }

            var lengthA = bridge.ProtectRtp(a, SrtpTestPackets.WriteRtp(a, seq, Ssrc, 160));
            var lengthB = reference.ProtectRtp(b, SrtpTestPackets.WriteRtp(b, seq, Ssrc, 160));
            Assert.Equal(b.AsSpan(0, lengthB).ToArray(), a.AsSpan(0, lengthA).ToArray());
        }
    }

    [Fact]
    public void A_new_send_key_is_used_from_the_next_packet()
    {
        var ours = SrtpKeyMaterial.Generate(Suite);
        var oursNew = SrtpKeyMaterial.Generate(SrtpSuite.AesCm128HmacSha1Tag32);
        var peer = SrtpKeyMaterial.Generate(Suite);
        using var bridge = new RekeyableSrtpSession(ours, peer);
        using var phone = new SrtpSession(peer, oursNew);

        bridge.ReplaceSendKey(oursNew);
        var buffer = new byte[256];
        var length = bridge.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, 9, Ssrc, 160));

        Assert.True(phone.TryUnprotectRtp(buffer, ref length));
        Assert.Equal(SrtpSuite.AesCm128HmacSha1Tag32, bridge.SendSuite);
    }

    [Fact]
    public async Task Replacing_keys_while_another_thread_protects_never_touches_a_disposed_context()
    {
        var peer = SrtpKeyMaterial.Generate(Suite);
        using var bridge = new RekeyableSrtpSession(SrtpKeyMaterial.Generate(Suite), peer);
        var keys = Enumerable.Range(0, 16).Select(_ => SrtpKeyMaterial.Generate(Suite)).ToArray();
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var sent = 0;
        var sender = Task.Run(() =>
        {
            var buffer = new byte[256];
            ushort seq = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (bridge.ProtectRtp(buffer, SrtpTestPackets.WriteRtp(buffer, seq++, Ssrc, 160)) <= 0)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref sent);
            }
        });

        // Keep replacing until the sender has protected many packets across the replacements.
        for (var i = 0; i < 2000 || Volatile.Read(ref sent) < 20_000; i++)
        {
            bridge.ReplaceSendKey(keys[i % keys.Length]);
            bridge.ReplaceReceiveKey(keys[(i + 1) % keys.Length]);
        }

        stop.Cancel();
        await sender.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(sent >= 20_000);
        Assert.Equal(0, failures);
    }
}
