using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp.Tests.WebRtc;

public sealed class WebRtcOfferRobustnessTests
{
    [Fact]
    public void Mangled_chromium_offers_never_throw_and_every_outcome_has_a_reason_or_an_answer()
    {
        string[] lines = WebRtcTestData.ChromiumOffer.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var random = new Random(8829);
        int accepted = 0, refused = 0;
        for (int round = 0; round < 2000; round++)
        {
            var mangled = lines.ToList();
            for (int edits = random.Next(1, 6); edits > 0; edits--)
            {
                int at = random.Next(1, mangled.Count);
                string line = mangled[at];
                switch (random.Next(4))
                {
                    case 0: mangled.RemoveAt(at); break;
                    case 1: mangled[at] = line[..random.Next(line.Length + 1)]; break;
                    case 2: mangled[at] = line.Replace(' ', random.Next(2) == 0 ? ':' : ' '); break;
                    default: mangled.Insert(at, line.Length > 2 ? line[..2] + new string((char)random.Next(0x21, 0x7F), random.Next(1, 40)) : line); break;
                }
            }

            string text = string.Join("\n", mangled);
            if (!SessionDescription.TryParse(text, out SessionDescription? sdp, out _))
            {
                continue;
            }

            WebRtcAnswerResult result = WebRtcAnswerBuilder.CreateAnswer(sdp, WebRtcTestData.Local());
            if (result.IsAccepted)
            {
                accepted++;
                Assert.True(SessionDescription.TryParse(result.Answer.ToString(), out _, out string? error), error);
            }
            else
            {
                refused++;
                Assert.False(string.IsNullOrWhiteSpace(result.Reason));
            }
        }

        Assert.True(accepted > 0 && refused > 0, $"accepted {accepted}, refused {refused}");
    }

    [Fact]
    public void Candidates_given_with_prefix_are_written_once()
    {
        WebRtcLocalParameters local = WebRtcTestData.Local() with { Candidates = ["candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host"] };
        WebRtcAnswerResult result = WebRtcAnswerBuilder.CreateAnswer(WebRtcTestData.Parse(WebRtcTestData.ChromiumOffer), local);
        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal("1 1 udp 2130706431 127.0.0.1 40000 typ host", Assert.Single(result.Answer.Media[0].GetAttributes("candidate")));
    }
}
