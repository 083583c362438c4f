using System.Net;
using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp.Tests.WebRtc;

internal static class WebRtcTestData
{
    public const string LocalPwd = "LocalPasswordAbcdefghij0123";

    public static string ChromiumOffer => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WebRtc", "testdata", "chromium-156-offer-audio-video.sdp"));

    public static SdpFingerprint LocalFingerprint { get; } = new("sha-256", Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray());

    public static WebRtcLocalParameters Local(ulong? sessionId = null) => new()
    {
        IceUfrag = "BrdG",
        IcePwd = LocalPwd,
        Fingerprint = LocalFingerprint,
        Address = IPAddress.Loopback,
        Port = 40000,
        Candidates = ["1 1 udp 2130706431 127.0.0.1 40000 typ host"],
        Ssrc = 123456789,
        Cname = "bridgecname",
        StreamId = "room4711",
        TrackId = "mix",
        SessionId = sessionId,
    };

    public static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out SessionDescription? sdp, out string? error), error);
        return sdp;
    }

    /// <summary>Replaces the first line starting with <paramref name="prefix"/> (or removes it when replacement is null), in every m-line.</summary>
    public static string Edit(string sdp, string prefix, string? replacement)
    {
        var lines = sdp.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        for (int i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                if (replacement is null)
                {
                    lines.RemoveAt(i);
                }
                else
                {
                    lines[i] = replacement;
                }
            }
        }

        return string.Join("\n", lines);
    }

    public static string AudioOnly(string proto = "UDP/TLS/RTP/SAVPF", string codecs = "111 110", string extra = "") =>
        "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\na=group:BUNDLE a0\n"
        + "m=audio 9 " + proto + " " + codecs + "\nc=IN IP4 0.0.0.0\n"
        + "a=ice-ufrag:abcd\na=ice-pwd:0123456789abcdefghijklmn\n"
        + "a=fingerprint:sha-256 26:4C:7C:A9:A6:0D:BE:FC:9C:50:52:EE:5F:3C:5E:9C:21:C5:C6:BF:BF:71:ED:10:A5:F8:18:80:3D:A3:A9:10\n"
        + "a=setup:actpass\na=mid:a0\na=sendrecv\na=rtcp-mux\n"
        + "a=rtpmap:111 opus/48000/2\na=fmtp:111 minptime=10;useinbandfec=1\na=rtpmap:110 telephone-event/48000\n"
        + extra;
}
