using System.Text;

namespace Bridge.Web.Tests.Fakes;

/// <summary>
/// An SDP answer (JSEP, RFC 8829) that a real browser accepts for its audio offer, with no candidate: the page's
/// states can be shown with a fake bridge, and the browser sends no media anywhere.
/// </summary>
internal static class FakeAnswer
{
    public static string For(string offer)
    {
        var mid = offer.Split('\n').Select(line => line.TrimEnd('\r')).FirstOrDefault(line => line.StartsWith("a=mid:", StringComparison.Ordinal))?[6..] ?? "0";
        var fingerprint = string.Join(':', Enumerable.Range(0, 32).Select(i => (i * 7 % 256).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        var answer = new StringBuilder()
            .Append("v=0\r\no=- 4611 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
            .Append("a=group:BUNDLE ").Append(mid).Append("\r\na=ice-lite\r\n")
            .Append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n")
            .Append("a=ice-ufrag:fake\r\na=ice-pwd:fakefakefakefakefakefake\r\n")
            .Append("a=fingerprint:sha-256 ").Append(fingerprint).Append("\r\na=setup:passive\r\n")
            .Append("a=mid:").Append(mid).Append("\r\na=sendrecv\r\na=rtcp-mux\r\n")
            .Append("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");

        // The page's video m-lines (camera, screen, slots): rejected, as a bridge without video would.
        foreach (var section in offer.Split("\nm=", StringSplitOptions.None).Skip(2))
        {
            var lines = section.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
            var words = lines[0].Split(' ');
            var sectionMid = lines.FirstOrDefault(line => line.StartsWith("a=mid:", StringComparison.Ordinal))?[6..];
            answer.Append("m=").Append(words[0]).Append(" 0 ").Append(words[2]).Append(' ').Append(words.Length > 3 ? words[3] : "0")
                .Append("\r\nc=IN IP4 0.0.0.0\r\n");
            if (sectionMid is not null)
            {
                answer.Append("a=mid:").Append(sectionMid).Append("\r\n");
            }
        }

        return answer.ToString();
    }
}
