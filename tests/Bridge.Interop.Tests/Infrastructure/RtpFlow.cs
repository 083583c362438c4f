using System.Globalization;
using Bridge.TestKit.Audio;
using NAudio.Codecs;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// The RTP packets of one direction in a capture, with their arrival time and whether their PCMU payload holds a test
/// tone (Goertzel over the packet's 20 ms): what a phone was sent, independent of what the phone chose to record.
/// </summary>
public sealed record RtpFlow(double EpochSeconds, int SourcePort, int DestinationPort, bool HasTone)
{
    /// <summary>Reads the capture with tshark (RTP found by heuristics) and checks each PCMU payload for <paramref name="tone"/>.</summary>
    public static async Task<IReadOnlyList<RtpFlow>> ReadAsync(string pcap, double tone)
    {
        var tshark = PeerTool.Require("tshark");
        var result = await ProcessRunner.RunAsync(tshark,
            ["-r", pcap, "-o", "rtp.heuristic_rtp:TRUE", "-Y", "rtp && rtp.p_type == 0", "-T", "fields",
             "-e", "frame.time_epoch", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "rtp.payload"],
            TimeSpan.FromSeconds(60), Path.GetDirectoryName(pcap)!);
        var flows = new List<RtpFlow>();
        var pcm = new short[160];
        foreach (var line in result.Output.Split('\n'))
        {
            var fields = line.Trim().Split('\t');
            if (fields.Length < 4 || !double.TryParse(fields[0], CultureInfo.InvariantCulture, out var time))
            {
                continue;
            }

            var payload = Convert.FromHexString(fields[3].Replace(":", "", StringComparison.Ordinal));
            var samples = Math.Min(payload.Length, pcm.Length);
            for (var i = 0; i < samples; i++)
            {
                pcm[i] = MuLawDecoder.MuLawToLinearSample(payload[i]);
            }

            var level = Goertzel.LevelDbfs(pcm.AsSpan(0, samples), tone, 8000);
            var rms = Goertzel.RmsDbfs(pcm.AsSpan(0, samples));
            flows.Add(new RtpFlow(time, int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture),
                samples >= 80 && level > -40 && level > rms - 6));
        }

        return flows;
    }
}
