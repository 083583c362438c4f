using System.Net;
using System.Text;

namespace Bridge.Sdp.Tests;

public sealed class SdpParserTests
{
    public static TheoryData<string> RealDescriptions => new()
    {
        SdpSamples.Baresip, SdpSamples.BaresipSrtp, SdpSamples.Linphone, SdpSamples.Sipp, SdpSamples.ChromeLike, SdpSamples.Ipv6, SdpSamples.AudioTwiceAndVideo,
    };

    [Theory]
    [MemberData(nameof(RealDescriptions))]
    public void Round_trip_of_real_descriptions_is_byte_exact_with_CRLF(string lf)
    {
        string crlf = SdpSamples.Crlf(lf);
        SessionDescription fromLf = SdpSamples.Parse(lf);
        SessionDescription fromCrlf = SdpSamples.Parse(crlf);

        Assert.Equal(crlf, fromLf.ToString());
        Assert.Equal(crlf, fromCrlf.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(crlf), fromCrlf.ToBytes());
    }

    [Fact]
    public void Baresip_offer_exposes_codecs_ptime_direction_and_bandwidth()
    {
        SessionDescription sdp = SdpSamples.Parse(SdpSamples.Baresip);

        Assert.Equal("1735286590", sdp.Origin.SessionId);
        Assert.Equal("2948484574", sdp.Origin.SessionVersion);
        MediaDescription audio = Assert.Single(sdp.Media);
        Assert.Equal("audio", audio.Media);
        Assert.Equal(24416, audio.Port);
        Assert.Equal(SdpProtocol.RtpAvp, audio.Protocol);
        Assert.Equal(["9", "0", "8", "101"], audio.Formats);
        Assert.Equal(new SdpBandwidth("AS", 64), Assert.Single(audio.Bandwidths));
        Assert.True(audio.TryGetRtpMap(9, out SdpRtpMap? g722));
        Assert.Equal(new SdpRtpMap(9, "G722", 8000), g722);
        Assert.Equal("0-15", audio.GetFormatParameters(101));
        Assert.Equal(20, audio.PacketTime);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.False(audio.RtcpMux);
        Assert.Equal("1461251843 cname:1f2a3b4c-0d9e-4f00-8a1b-2c3d4e5f6a7b", audio.GetAttribute("ssrc"));
        Assert.Equal(string.Empty, audio.GetAttribute("rtcp-rsize"));
    }

    [Fact]
    public void Static_payload_type_without_rtpmap_resolves_from_RFC_3551_table()
    {
        SessionDescription sdp = SdpSamples.Parse("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 5004 RTP/AVP 8 9 18\n");
        MediaDescription audio = sdp.Media[0];

        Assert.True(audio.TryGetRtpMap(8, out SdpRtpMap? pcma));
        Assert.Equal("PCMA", pcma.EncodingName);
        Assert.True(audio.TryGetRtpMap(9, out SdpRtpMap? g722));
        Assert.Equal(8000, g722.ClockRate);
        Assert.True(audio.TryGetRtpMap(18, out _));
        Assert.False(audio.TryGetRtpMap(96, out _));
    }

    [Fact]
    public void Linphone_opus_and_telephone_events_at_three_rates_parse()
    {
        MediaDescription audio = SdpSamples.Parse(SdpSamples.Linphone).Media[0];

        Assert.True(audio.TryGetRtpMap(96, out SdpRtpMap? opus));
        Assert.Equal(new SdpRtpMap(96, "opus", 48000, 2), opus);
        Assert.Equal("useinbandfec=1", audio.GetFormatParameters(96));
        Assert.Equal("annexb=yes", audio.GetFormatParameters(18));
        Assert.True(audio.TryGetRtpMap(99, out SdpRtpMap? te16));
        Assert.Equal(16000, te16.ClockRate);
        Assert.Equal(["* trr-int 1000", "* ccm tmmbr"], audio.GetAttributes("rtcp-fb"));
    }

    [Fact]
    public void Chrome_like_offer_keeps_ice_dtls_and_bundle_attributes()
    {
        SessionDescription sdp = SdpSamples.Parse(SdpSamples.ChromeLike);

        Assert.Equal("BUNDLE 0 1", sdp.GetAttribute("group"));
        Assert.Equal(2, sdp.Media.Count);
        MediaDescription audio = sdp.Media[0];
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, audio.Protocol);
        Assert.True(SdpProtocol.IsDtls(audio.Protocol));
        Assert.Equal("Hk7w", audio.GetAttribute("ice-ufrag"));
        Assert.Equal("actpass", audio.GetAttribute("setup"));
        Assert.StartsWith("sha-256 4A:AD", audio.GetAttribute("fingerprint"), StringComparison.Ordinal);
        Assert.Equal(2, audio.GetAttributes("candidate").Count());
        Assert.True(audio.RtcpMux);
        Assert.True(audio.TryGetRtcp(out int rtcpPort, out SdpConnection? rtcpConnection));
        Assert.Equal(9, rtcpPort);
        Assert.Equal("0.0.0.0", rtcpConnection!.Address);
        Assert.Equal(MediaDirection.RecvOnly, sdp.GetEffectiveDirection(sdp.Media[1]));
        Assert.Equal("WMS 7b0e3d2c", sdp.GetAttribute("msid-semantic")?.Trim());
    }

    [Fact]
    public void IPv6_description_gives_IPv6_addresses_and_media_level_wins()
    {
        SessionDescription sdp = SdpSamples.Parse(SdpSamples.Ipv6);
        MediaDescription audio = sdp.Media[0];

        Assert.Equal("IP6", sdp.Origin.AddressType);
        Assert.Equal("2001:db8::10", sdp.Origin.Address);
        Assert.True(sdp.Connection!.TryGetIPAddress(out IPAddress? session));
        Assert.Equal(IPAddress.Parse("2001:db8::10"), session);
        Assert.True(sdp.GetEffectiveConnection(audio)!.TryGetIPAddress(out IPAddress? media));
        Assert.Equal(IPAddress.Parse("2001:db8::20"), media);
        Assert.Equal(MediaDirection.RecvOnly, sdp.Direction);
        Assert.Null(audio.Direction);
        Assert.Equal(MediaDirection.RecvOnly, sdp.GetEffectiveDirection(audio));
        Assert.Equal(40, audio.PacketTime);
        Assert.Equal("A call over IPv6", sdp.Information);
        Assert.Equal("voice", audio.Information);
        Assert.Equal("prompt", sdp.Key);
        Assert.Equal(["bob@example.com"], sdp.Emails);
        Assert.Equal(["+1 555 0100"], sdp.Phones);
    }

    [Fact]
    public void Media_level_direction_overrides_session_level()
    {
        SessionDescription sdp = SdpSamples.Parse("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nt=0 0\na=sendonly\nm=audio 5004 RTP/AVP 0\na=inactive\nm=audio 5006 RTP/AVP 0\n");

        Assert.Equal(MediaDirection.Inactive, sdp.GetEffectiveDirection(sdp.Media[0]));
        Assert.Equal(MediaDirection.SendOnly, sdp.GetEffectiveDirection(sdp.Media[1]));
    }

    [Fact]
    public void Unknown_lines_and_attributes_are_kept_and_written_back()
    {
        const string text = "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nt=0 0\ny=session extension\na=x-custom:1 2 3\nm=audio 5004 RTP/AVP 0\ny=media extension\na=x-flag\n";
        SessionDescription sdp = SdpSamples.Parse(text);

        Assert.Equal(new SdpLine('y', "session extension"), Assert.Single(sdp.OtherLines));
        Assert.Equal(new SdpLine('y', "media extension"), Assert.Single(sdp.Media[0].OtherLines));
        Assert.Equal("1 2 3", sdp.GetAttribute("x-custom"));
        Assert.Equal(SdpSamples.Crlf(text), sdp.ToString());
    }

    [Fact]
    public void Writer_puts_lines_in_RFC_4566_order_whatever_the_input_order()
    {
        const string shuffled = "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\na=tool:x\nt=0 0\nc=IN IP4 10.0.0.1\nb=AS:10\nm=audio 5004/2 RTP/AVP 0\na=ptime:20\nc=IN IP4 10.0.0.2\nb=AS:20\ni=title\n";
        SessionDescription sdp = SdpSamples.Parse(shuffled);

        Assert.Equal(2, sdp.Media[0].PortCount);
        Assert.Equal(
            "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nb=AS:10\r\nt=0 0\r\na=tool:x\r\n" +
            "m=audio 5004/2 RTP/AVP 0\r\ni=title\r\nc=IN IP4 10.0.0.2\r\nb=AS:20\r\na=ptime:20\r\n",
            sdp.ToString());
    }

    [Fact]
    public void Missing_t_and_s_lines_are_tolerated_and_written()
    {
        SessionDescription sdp = SdpSamples.Parse("v=0\no=- 1 1 IN IP4 10.0.0.1\nm=audio 5004 RTP/AVP 0\n");

        Assert.Equal("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n", sdp.ToString());
    }

    [Fact]
    public void Repeat_lines_stay_with_their_timing()
    {
        const string text = "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nt=3034423619 3042462419\nr=604800 3600 0 90000\nt=0 0\nm=audio 5004 RTP/AVP 0\n";
        SessionDescription sdp = SdpSamples.Parse(text);

        Assert.Equal(2, sdp.Timings.Count);
        Assert.Equal(["604800 3600 0 90000"], sdp.Timings[0].Repeats);
        Assert.Equal(SdpSamples.Crlf(text), sdp.ToString());
    }

    [Fact]
    public void Trailing_whitespace_and_blank_lines_are_ignored()
    {
        SessionDescription sdp = SdpSamples.Parse("v=0  \r\n\r\no=- 1 1 IN IP4 10.0.0.1 \r\ns=-\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\t\r\n\r\n");

        Assert.Equal("10.0.0.1", sdp.Origin.Address);
        Assert.Equal(["0"], sdp.Media[0].Formats);
    }

    [Theory]
    [InlineData("", "empty description")]
    [InlineData("\r\n\r\n", "empty description")]
    [InlineData("o=- 1 1 IN IP4 10.0.0.1\ns=-\n", "line 1: description must start with v=0")]
    [InlineData("v=1\no=- 1 1 IN IP4 10.0.0.1\n", "line 1: description must start with v=0")]
    [InlineData("v=0\ns=-\nt=0 0\n", "missing o= line")]
    [InlineData("v=0\no=- 1 1 IN IP4\n", "line 2: malformed o= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\no=- 1 1 IN IP4 a\n", "line 3: duplicate o= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nv=0\n", "line 3: duplicate v= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\ns=-\ns=x\n", "line 4: duplicate s= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nc=IN IP4\n", "line 3: malformed c= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nt=now\n", "line 3: malformed t= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nr=1 2 3\n", "line 3: r= line without t= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nb=AS\n", "line 3: malformed b= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nb=AS:-5\n", "line 3: malformed b= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nm=audio\n", "line 3: malformed m= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nm=audio 70000 RTP/AVP 0\n", "line 3: malformed m= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nm=audio abc RTP/AVP 0\n", "line 3: malformed m= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nm=audio 5004/0 RTP/AVP 0\n", "line 3: malformed m= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nm=audio 5004 RTP/AVP 0\nc=IN\n", "line 4: malformed c= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\na=\n", "line 3: malformed a= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\na=bad name:1\n", "line 3: malformed a= line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\nthis is not sdp\n", "line 3: not a <type>=<value> line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\n1=x\n", "line 3: not a <type>=<value> line")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\ns=a\0b\n", "line 3: control character")]
    [InlineData("v=0\no=- 1 1 IN IP4 a\ns=a\rb\n", "line 3: control character")]
    public void Malformed_input_returns_false_with_the_reason(string text, string expected)
    {
        Assert.False(SessionDescription.TryParse(Encoding.UTF8.GetBytes(text), out SessionDescription? sdp, out string? error));
        Assert.Null(sdp);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Oversized_input_is_refused_before_parsing()
    {
        byte[] big = new byte[SessionDescription.MaxLength + 1];
        big.AsSpan().Fill((byte)'a');

        Assert.False(SessionDescription.TryParse(big, out _, out string? error));
        Assert.Equal("description too large", error);
    }

    [Fact]
    public void Too_many_media_lines_are_refused()
    {
        var text = new StringBuilder("v=0\no=- 1 1 IN IP4 a\ns=-\nt=0 0\n");
        for (int i = 0; i < 65; i++)
        {
            text.Append("m=audio 0 RTP/AVP 0\n");
        }

        Assert.False(SessionDescription.TryParse(text.ToString(), out _, out string? error));
        Assert.Equal("line 69: too many m= lines", error);
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(4566);
        string valid = SdpSamples.Crlf(SdpSamples.BaresipSrtp);
        for (int i = 0; i < 2000; i++)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(valid);
            int flips = random.Next(1, 8);
            for (int f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            int cut = random.Next(bytes.Length + 1);
            if (SessionDescription.TryParse(bytes.AsSpan(0, cut), out SessionDescription? sdp, out string? error))
            {
                Assert.Null(error);
                Assert.True(SessionDescription.TryParse(sdp.ToString(), out _, out _));
                var options = new NegotiationOptions { MediaAddress = IPAddress.Loopback };
                OfferAnswerResult result = OfferAnswer.Answer(sdp, 30000, options);
                Assert.Equal(result.Success, result.Answer is not null);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }
    }

    [Fact]
    public void Direction_setter_replaces_the_existing_attribute_in_place()
    {
        SessionDescription sdp = SdpSamples.Parse(SdpSamples.Baresip);
        MediaDescription audio = sdp.Media[0];

        audio.Direction = MediaDirection.SendOnly;

        Assert.Contains("a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendonly\r\na=label:1\r\n", sdp.ToString(), StringComparison.Ordinal);
        audio.Direction = null;
        Assert.Null(audio.Direction);
        Assert.DoesNotContain("a=sendonly", sdp.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IN", "IP4", "host.example.com", false)]
    [InlineData("IN", "IP4", "2001:db8::1", false)]
    [InlineData("IN", "IP6", "10.0.0.1", false)]
    [InlineData("ATM", "NSAP", "47.0005.80.ffe100", false)]
    [InlineData("IN", "IP4", "224.2.1.1/127", true)]
    [InlineData("IN", "IP6", "::1", true)]
    public void Connection_address_is_an_IP_only_for_matching_literals(string network, string type, string address, bool expected)
    {
        Assert.Equal(expected, new SdpConnection(network, type, address).TryGetIPAddress(out _));
    }

    [Theory]
    [InlineData("96 opus/48000/2", true, 96, "opus", 48000, 2)]
    [InlineData("9 G722/8000", true, 9, "G722", 8000, 1)]
    [InlineData("101  telephone-event/8000 ", true, 101, "telephone-event", 8000, 1)]
    [InlineData("128 opus/48000", false, 0, "", 0, 0)]
    [InlineData("96 opus", false, 0, "", 0, 0)]
    [InlineData("96 opus/0", false, 0, "", 0, 0)]
    [InlineData("96 opus/48000/x", false, 0, "", 0, 0)]
    [InlineData("x opus/48000", false, 0, "", 0, 0)]
    public void Rtpmap_parsing(string value, bool ok, int pt, string name, int rate, int channels)
    {
        Assert.Equal(ok, SdpRtpMap.TryParse(value, out SdpRtpMap? map));
        if (ok)
        {
            Assert.Equal(new SdpRtpMap(pt, name, rate, channels), map);
        }
    }
}
