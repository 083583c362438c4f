namespace Bridge.Sdp.Tests;

/// <summary>Descriptions shaped like those real peers send, written with LF; <see cref="Crlf"/> converts them.</summary>
internal static class SdpSamples
{
    public const string Baresip = """
        v=0
        o=- 1735286590 2948484574 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio 24416 RTP/AVP 9 0 8 101
        b=AS:64
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=sendrecv
        a=label:1
        a=ssrc:1461251843 cname:1f2a3b4c-0d9e-4f00-8a1b-2c3d4e5f6a7b
        a=rtcp-rsize
        a=ptime:20

        """;

    public const string BaresipSrtp = """
        v=0
        o=- 2129341873 1004521935 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio 24430 RTP/SAVP 9 0 101
        b=AS:64
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=sendrecv
        a=label:1
        a=rtcp-rsize
        a=ptime:20
        a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20
        a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj
        a=crypto:3 AES_256_CM_HMAC_SHA1_80 inline:UNXGavbVqljdvi6fHFk3f7TCxqO1svYRhPMrjzqxJRWKRuqbz3lwpPiDEpXAkg==
        a=crypto:4 AEAD_AES_128_GCM inline:MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3Bxcg==

        """;

    public const string Linphone = """
        v=0
        o=alice 3012 2187 IN IP4 127.0.0.1
        s=Talk
        c=IN IP4 127.0.0.1
        t=0 0
        a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
        m=audio 26000 RTP/AVP 96 97 98 0 8 18 101 99 100
        a=rtpmap:96 opus/48000/2
        a=fmtp:96 useinbandfec=1
        a=rtpmap:97 speex/16000
        a=fmtp:97 vbr=on
        a=rtpmap:98 speex/8000
        a=fmtp:98 vbr=on
        a=fmtp:18 annexb=yes
        a=rtpmap:101 telephone-event/48000
        a=rtpmap:99 telephone-event/16000
        a=rtpmap:100 telephone-event/8000
        a=rtcp-fb:* trr-int 1000
        a=rtcp-fb:* ccm tmmbr

        """;

    public const string Sipp = """
        v=0
        o=user1 53655765 2353687637 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio 6000 RTP/AVP 0
        a=rtpmap:0 PCMU/8000

        """;

    public const string ChromeLike = """
        v=0
        o=- 4611731400430051336 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 7b0e3d2c
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:1467250027 1 udp 2122260223 192.0.2.10 46243 typ host generation 0 network-id 1
        a=candidate:2 1 udp 1686052607 198.51.100.7 46243 typ srflx raddr 192.0.2.10 rport 46243 generation 0
        a=ice-ufrag:Hk7w
        a=ice-pwd:p6cR5tFPj6x7Vt9Zl1Fd2Aq4
        a=ice-options:trickle
        a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=sendrecv
        a=msid:7b0e3d2c 2f1d0a6e
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:3570614608 cname:4TOk42mSjXCkVIa6
        m=video 9 UDP/TLS/RTP/SAVPF 96 97
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Hk7w
        a=ice-pwd:p6cR5tFPj6x7Vt9Zl1Fd2Aq4
        a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF
        a=setup:actpass
        a=mid:1
        a=recvonly
        a=rtcp-mux
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96

        """;

    public const string Ipv6 = """
        v=0
        o=bob 2890844730 2890844731 IN IP6 2001:db8::10
        s=IPv6 call
        i=A call over IPv6
        u=http://example.com/ipv6
        e=bob@example.com
        p=+1 555 0100
        c=IN IP6 2001:db8::10
        b=CT:128
        t=0 0
        k=prompt
        a=recvonly
        m=audio 49172 RTP/AVP 0 101
        i=voice
        c=IN IP6 2001:db8::20
        b=TIAS:64000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=rtcp:49180 IN IP6 2001:db8::21
        a=ptime:40

        """;

    /// <summary>An offer with audio (SAVP and AVP alternatives) and video, as some desk phones send for "SRTP if possible".</summary>
    public const string AudioTwiceAndVideo = """
        v=0
        o=phone 10 20 IN IP4 192.0.2.50
        s=call
        c=IN IP4 192.0.2.50
        t=0 0
        m=video 40000 RTP/AVP 97
        a=rtpmap:97 H264/90000
        m=audio 40002 RTP/AVP 0 8
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        m=audio 40004 RTP/SAVP 0 8
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz

        """;

    public static string Crlf(string lf) => lf.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

    public static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out SessionDescription? sdp, out string? error), error);
        return sdp;
    }
}
