using System.Buffers.Binary;
using Bridge.Calls.WebRtc.Video;
using Bridge.Rtp;
using Bridge.Rtp.Srtp;
using Bridge.Sdp.WebRtc;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Calls.Tests.WebRtc.Video;

/// <summary>
/// Browsers' video as the forwarding unit sees them, without sockets: each <see cref="Browser"/> has the bridge's
/// <see cref="VideoPeer"/> (real SRTP contexts from fresh keys) and the browser's side of the keys, and records what the
/// bridge sent it, decrypted.
/// </summary>
internal sealed class VideoRoomFixture : IDisposable
{
    public const string Room = "4711";

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UnixEpoch.AddDays(20000));

    public VideoRouter Router { get; }

    private readonly List<Browser> _browsers = [];

    public VideoRoomFixture() => Router = new VideoRouter(Time);

    /// <summary>A browser with a camera (SSRC <paramref name="cameraSsrc"/>, VP8 at <paramref name="vp8"/>) and <paramref name="slots"/> slots.</summary>
    public Browser Add(string id, uint? cameraSsrc, int slots, int vp8 = 96, uint? screenSsrc = null, bool record = true)
    {
        var video = new List<WebRtcNegotiatedVideo>();
        WebRtcVideoPayload[] payloads = [new(vp8, "VP8", null)];
        if (cameraSsrc is uint camera)
        {
            video.Add(new WebRtcNegotiatedVideo { MediaIndex = 1, Mid = "1", Role = WebRtcVideoRole.Receive, Payloads = payloads, RemoteSsrc = camera, Nack = true, Pli = true, Fir = true, Remb = true });
        }

        if (screenSsrc is uint screen)
        {
            video.Add(new WebRtcNegotiatedVideo { MediaIndex = 2, Mid = "2", Role = WebRtcVideoRole.Receive, Payloads = payloads, RemoteSsrc = screen, Nack = true, Pli = true, Fir = true, Remb = true });
        }

        for (var i = 0; i < slots; i++)
        {
            video.Add(new WebRtcNegotiatedVideo { MediaIndex = 3 + i, Mid = (3 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Role = WebRtcVideoRole.Send, Payloads = payloads, LocalSsrc = (uint)(0x5000 + (_browsers.Count * 16) + i), Nack = true, Pli = true, Remb = true });
        }

        var browser = new Browser(id, video, Time, record);
        _browsers.Add(browser);
        return browser;
    }

    public void Dispose()
    {
        foreach (var browser in _browsers)
        {
            browser.Dispose();
        }
    }

    /// <summary>One plain VP8 packet as a browser sends it, with an RFC 8285 one-byte extension (id 3, 3 octets); by default the start of a keyframe.</summary>
    public static byte[] VideoPacket(uint ssrc, ushort sequence, uint timestamp, int payloadType = 96, int payloadLength = 900, byte fill = 0x42, bool marker = false, bool keyFrame = true)
    {
        var packet = new byte[12 + 8 + payloadLength];
        packet[0] = 0x90;
        packet[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet[12] = 0xBE;
        packet[13] = 0xDE;
        packet[15] = 1;
        packet[16] = 0x32; // id 3, 3 octets
        packet.AsSpan(20).Fill(fill);
        packet[20] = (byte)(keyFrame ? 0x10 : 0x00); // RFC 7741 descriptor: S=1 PID=0 starts a frame; else a continuation
        packet[21] = 0x00; // P=0: a keyframe
        return packet;
    }

    /// <summary>An empty RR then a generic NACK (RFC 4585 §6.2.1) for <paramref name="mediaSsrc"/> with the (PID, BLP) items.</summary>
    public static byte[] Nack(uint mediaSsrc, params (ushort Pid, ushort Blp)[] items)
    {
        var nack = new byte[8 + 12 + (4 * items.Length)];
        nack[0] = 0x80;
        nack[1] = 201;
        nack[3] = 1;
        nack[8] = 0x81;
        nack[9] = 205;
        nack[11] = (byte)(2 + items.Length);
        BinaryPrimitives.WriteUInt32BigEndian(nack.AsSpan(12), 0xB0B);
        BinaryPrimitives.WriteUInt32BigEndian(nack.AsSpan(16), mediaSsrc);
        for (var i = 0; i < items.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(nack.AsSpan(20 + (4 * i)), items[i].Pid);
            BinaryPrimitives.WriteUInt16BigEndian(nack.AsSpan(22 + (4 * i)), items[i].Blp);
        }

        return nack;
    }

    public static void Receive(VideoPeer peer, byte[] packet)
    {
        Assert.True(RtpPacket.TryParse(packet, out var parsed));
        peer.OnRtp(parsed);
    }

    /// <summary>One browser: the bridge's peer for it and the browser's own SRTP context.</summary>
    internal sealed class Browser : IDisposable
    {
        private readonly SrtpSession _browserSide;
        private readonly bool _record;
        private readonly Lock _lock = new();

        public Browser(string id, IReadOnlyList<WebRtcNegotiatedVideo> video, TimeProvider time, bool record)
        {
            _record = record;
            var toBrowser = SrtpKeyMaterial.Generate(SrtpSuite.AesCm128HmacSha1Tag80);
            var toBridge = SrtpKeyMaterial.Generate(SrtpSuite.AesCm128HmacSha1Tag80);
            _browserSide = new SrtpSession(toBridge, toBrowser);
            Peer = new VideoPeer(id, video, 0x9000 + (uint)id.Length, Send, time);
            Peer.InstallKeys(new SrtpSession(toBrowser, toBridge));
        }

        public VideoPeer Peer { get; }

        public List<byte[]> Rtp { get; } = [];

        public List<byte[]> Rtcp { get; } = [];

        private long _datagrams;
        private int _rtpDatagrams;

        /// <summary>Datagrams the bridge sent this browser.</summary>
        public long Datagrams => _datagrams;

        /// <summary>Which RTP datagrams (0-based, in sending order) the network loses before the browser sees them.</summary>
        public Func<int, bool> Lose { get; set; } = static _ => false;

        public uint SlotSsrc(int index) => Peer.Slots[index].Ssrc;

        /// <summary>The browser sends an RTCP compound (protected, then unprotected by the test as the leg would) to the bridge.</summary>
        public void SendRtcp(byte[] compound) => Peer.OnRtcp(compound);

        private bool Send(ReadOnlySpan<byte> datagram)
        {
            _datagrams++;
            if (!_record || (!RtpPacket.LooksLikeRtcp(datagram) && Lose(_rtpDatagrams++)))
            {
                return true;
            }

            var copy = new byte[datagram.Length + 64];
            datagram.CopyTo(copy);
            var length = datagram.Length;
            lock (_lock)
            {
                if (RtpPacket.LooksLikeRtcp(datagram))
                {
                    Assert.True(_browserSide.TryUnprotectRtcp(copy.AsSpan(0, length), ref length), "the browser could not read the bridge's SRTCP");
                    Rtcp.Add(copy[..length]);
                }
                else
                {
                    Assert.True(_browserSide.TryUnprotectRtp(copy.AsSpan(0, length), ref length), "the browser could not read the bridge's SRTP");
                    Rtp.Add(copy[..length]);
                }
            }

            return true;
        }

        public void Dispose()
        {
            Peer.Close();
            _browserSide.Dispose();
        }
    }
}
