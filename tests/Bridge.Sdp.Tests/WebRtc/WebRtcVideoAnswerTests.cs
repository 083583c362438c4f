using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp.Tests.WebRtc;

/// <summary>
/// The video m-lines of the page's offer (Chromium's own video m-line, as the camera, the screen and recvonly slots):
/// accepted in the audio's BUNDLE with VP8 first and H.264 packetization-mode=1, the supported feedback only, our SSRC on
/// each slot; everything the bridge does not forward rejected.
/// </summary>
public sealed class WebRtcVideoAnswerTests
{
    private static readonly uint[] SlotSsrcs = [7001, 7002, 7003];

    /// <summary>Chromium's offer with its video m-line repeated: camera (its own SSRCs), screen, then <paramref name="slots"/> recvonly.</summary>
    private static string PageOffer(int slots, string bundle = "")
    {
        string offer = WebRtcTestData.ChromiumOffer.Replace("\r\n", "\n", StringComparison.Ordinal);
        int videoAt = offer.IndexOf("m=video", StringComparison.Ordinal);
        string head = offer[..videoAt];
        string video = offer[videoAt..];
        string withoutSources = string.Join("\n", video.Split('\n').Where(line => !line.StartsWith("a=ssrc", StringComparison.Ordinal) && !line.StartsWith("a=msid", StringComparison.Ordinal)));
        var mids = new List<string> { "0", "1" };
        var sections = new List<string> { video.Replace("a=sendrecv", "a=sendonly", StringComparison.Ordinal) };
        string screen = withoutSources.Replace("a=mid:1", "a=mid:2", StringComparison.Ordinal).Replace("a=sendrecv", "a=sendonly\na=ssrc:55555 cname:x", StringComparison.Ordinal);
        sections.Add(screen);
        mids.Add("2");
        for (int i = 0; i < slots; i++)
        {
            string mid = (3 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            sections.Add(withoutSources.Replace("a=mid:1", "a=mid:" + mid, StringComparison.Ordinal).Replace("a=sendrecv", "a=recvonly", StringComparison.Ordinal));
            mids.Add(mid);
        }

        head = head.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE " + (bundle.Length > 0 ? bundle : string.Join(' ', mids)), StringComparison.Ordinal);
        return head + string.Join("\n", sections.Select(s => s.TrimEnd('\n') + "\n"));
    }

    private static WebRtcAnswerResult Answer(string offer, int ssrcs = 3) =>
        WebRtcAnswerBuilder.CreateAnswer(WebRtcTestData.Parse(offer), WebRtcTestData.Local() with { AcceptVideo = true, VideoSsrcs = SlotSsrcs[..ssrcs] });

    [Fact]
    public void Camera_screen_and_slots_are_answered_in_one_bundle()
    {
        var result = Answer(PageOffer(slots: 2));
        Assert.True(result.IsAccepted, result.Reason);
        string answer = result.Answer.ToString();

        Assert.Contains("a=group:BUNDLE 0 1 2 3 4\r\n", answer, StringComparison.Ordinal);
        var video = result.Negotiated.Video;
        Assert.Equal(["1", "2", "3", "4"], video.Select(v => v.Mid));
        Assert.Equal([WebRtcVideoRole.Receive, WebRtcVideoRole.Receive, WebRtcVideoRole.Send, WebRtcVideoRole.Send], video.Select(v => v.Role));
        Assert.Equal(1172761089u, video[0].RemoteSsrc); // the primary of Chromium's FID group; RTX is not answered
        Assert.Equal(55555u, video[1].RemoteSsrc);
        Assert.Equal([7001u, 7002u], video.Skip(2).Select(v => v.LocalSsrc!.Value));
        Assert.All(video, v => Assert.Equal(["VP8", "H264"], v.Payloads.Select(p => p.Codec)));
        Assert.All(video, v => Assert.Equal([96, 108], v.Payloads.Select(p => p.PayloadType))); // 42e01f with packetization-mode=1
        Assert.All(video, v => Assert.True(v.Nack && v.Pli && v.Fir && v.Remb));

        Assert.Contains("m=video 40000 UDP/TLS/RTP/SAVPF 96 108\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-fb:96 nack pli\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-fb:96 goog-remb\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-fb:108 ccm fir\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("transport-cc", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("rtx", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=rtcp-rsize", answer, StringComparison.Ordinal);
        Assert.Equal(1, Count(answer, "a=extmap:")); // only the audio level, on the audio
        Assert.Equal(2, Count(answer, "a=recvonly"));
        Assert.Equal(2, Count(answer, "a=sendonly"));
        Assert.Contains("a=ssrc:7001 cname:bridgecname\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=msid:room4711-video-3 room4711-video-3\r\n", answer, StringComparison.Ordinal);

        // What a browser does with it: parsed back, every accepted m-line has our transport.
        var parsed = WebRtcTestData.Parse(answer);
        Assert.All(parsed.Media, m => Assert.Equal(40000, m.Port));
        Assert.All(parsed.Media, m => Assert.Equal("passive", m.GetAttribute("setup")));
    }

    [Fact]
    public void Slots_beyond_our_ssrcs_are_rejected()
    {
        var result = Answer(PageOffer(slots: 3), ssrcs: 2);
        Assert.True(result.IsAccepted, result.Reason);

        Assert.Equal(["1", "2", "3", "4"], result.Negotiated.Video.Select(v => v.Mid));
        Assert.Equal(0, result.Answer.Media[5].Port);
        Assert.Contains("a=group:BUNDLE 0 1 2 3 4\r\n", result.Answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Video_outside_the_audio_bundle_or_without_a_forwarded_codec_is_rejected()
    {
        string offer = PageOffer(slots: 1, bundle: "0 1 2");
        offer = offer.Replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1 2\na=group:BUNDLE 3", StringComparison.Ordinal);
        var result = Answer(offer);
        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal(0, result.Answer.Media[3].Port);

        // Only H.264 packetization-mode=0 and AV1: nothing the bridge forwards.
        string noCodec = WebRtcTestData.ChromiumOffer.Replace("\r\n", "\n", StringComparison.Ordinal);
        int videoAt = noCodec.IndexOf("m=video", StringComparison.Ordinal);
        noCodec = noCodec[..videoAt] + noCodec[videoAt..]
            .Replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 107 108 109 114 115 116 117 39 40 45 46 98 99 100 101 118 119 120", "m=video 9 UDP/TLS/RTP/SAVPF 104 45", StringComparison.Ordinal);
        var refused = Answer(noCodec);
        Assert.True(refused.IsAccepted, refused.Reason);
        Assert.Equal(0, refused.Answer.Media[1].Port);
        Assert.Empty(refused.Negotiated.Video);
    }

    [Fact]
    public void Without_accept_video_the_answer_is_audio_only_as_before()
    {
        var result = WebRtcAnswerBuilder.CreateAnswer(WebRtcTestData.Parse(PageOffer(slots: 2)), WebRtcTestData.Local());
        Assert.True(result.IsAccepted, result.Reason);
        Assert.Contains("a=group:BUNDLE 0\r\n", result.Answer.ToString(), StringComparison.Ordinal);
        Assert.All(result.Answer.Media.Skip(1), m => Assert.Equal(0, m.Port));
        Assert.Empty(result.Negotiated.Video);
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
