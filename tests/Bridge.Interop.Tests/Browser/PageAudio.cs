using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// What a room page plays: the remote stream its <c>&lt;audio id="remote"&gt;</c> element is given, recorded in the page
/// through Web Audio (a MediaStreamAudioSourceNode into a ScriptProcessorNode at 48 kHz) and handed to the test as
/// 16-bit PCM, so the test judges it on its own thread (Goertzel). Also the page's inbound audio statistics
/// (<c>getStats()</c> inbound-rtp: packetsReceived, totalAudioEnergy, concealedSamples) through <c>window.bridgeStats</c>.
/// </summary>
public sealed class PageAudio
{
    public const int Rate = 48000;

    private const string StartScript = """
        async (rate) => {
          const remote = document.getElementById('remote');
          if (!remote || !remote.srcObject) return 'no remote stream';
          const context = new AudioContext({ sampleRate: rate });
          await context.resume();
          const source = context.createMediaStreamSource(remote.srcObject);
          const tap = context.createScriptProcessor(4096, 1, 1);
          const chunks = [];
          tap.onaudioprocess = (event) => chunks.push(new Float32Array(event.inputBuffer.getChannelData(0)));
          source.connect(tap);
          tap.connect(context.destination);
          window.__bridgeTestRecording = { context, source, tap, chunks, started: performance.now() };
          return context.state;
        }
        """;

    private const string StopScript = """
        async () => {
          const recording = window.__bridgeTestRecording;
          if (!recording) return null;
          window.__bridgeTestRecording = null;
          const wallMs = performance.now() - recording.started;
          recording.source.disconnect();
          recording.tap.disconnect();
          await recording.context.close();
          let length = 0;
          for (const chunk of recording.chunks) length += chunk.length;
          const bytes = new Uint8Array(length * 2);
          const view = new DataView(bytes.buffer);
          let offset = 0;
          for (const chunk of recording.chunks) {
            for (let i = 0; i < chunk.length; i++) {
              view.setInt16(offset, Math.max(-32768, Math.min(32767, Math.round(chunk[i] * 32767))), true);
              offset += 2;
            }
          }
          let binary = '';
          for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
          return { wallMs, pcm: btoa(binary) };
        }
        """;

    private const string StatsScript = """
        async () => {
          const report = window.bridgeStats ? await window.bridgeStats() : null;
          const result = { packets: 0, energy: 0, concealed: 0, samples: 0 };
          if (report) report.forEach((s) => {
            if (s.type === 'inbound-rtp' && s.kind === 'audio') {
              result.packets = s.packetsReceived || 0;
              result.energy = s.totalAudioEnergy || 0;
              result.concealed = s.concealedSamples || 0;
              result.samples = s.totalSamplesReceived || 0;
            }
          });
          return result;
        }
        """;

    private const string SentLevelScript = """
        async () => {
          const report = window.bridgeStats ? await window.bridgeStats() : null;
          let level = -1;
          if (report) report.forEach((s) => { if (s.type === 'media-source' && s.kind === 'audio') level = s.audioLevel ?? -1; });
          return level;
        }
        """;

    private readonly IPage _page;

    private PageAudio(IPage page) => _page = page;

    /// <summary>The audio of the one page a <see cref="NamespacedChromium"/> has open (as <see cref="RoomPage"/> opens it).</summary>
    public static PageAudio Of(NamespacedChromium chromium) => new(chromium.Browser.Contexts.Single().Pages.Single());

    public IPage Page => _page;

    /// <summary>Starts recording the remote stream; fails when the page has none yet.</summary>
    public async Task StartRecordingAsync()
    {
        var state = await _page.EvaluateAsync<string>(StartScript, Rate);
        if (state != "running")
        {
            throw new InvalidOperationException("the page's recorder did not start: " + state);
        }
    }

    /// <summary>Stops recording: the samples and how long the page recorded by its own clock.</summary>
    public async Task<(short[] Pcm, TimeSpan Wall)> StopRecordingAsync()
    {
        var result = await _page.EvaluateAsync<JsonElement?>(StopScript) ?? throw new InvalidOperationException("the page was not recording");
        var bytes = Convert.FromBase64String(result.GetProperty("pcm").GetString()!);
        var pcm = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, pcm, 0, pcm.Length * 2);
        return (pcm, TimeSpan.FromMilliseconds(result.GetProperty("wallMs").GetDouble()));
    }

    /// <summary>The page's inbound audio statistics now (zeros before it has a peer connection).</summary>
    public async Task<InboundAudio> StatsAsync()
    {
        var stats = await _page.EvaluateAsync<JsonElement>(StatsScript);
        return new InboundAudio(stats.GetProperty("packets").GetInt64(), stats.GetProperty("energy").GetDouble(),
            stats.GetProperty("concealed").GetInt64(), stats.GetProperty("samples").GetInt64());
    }

    /// <summary>The level of the page's own microphone track as it is sent (getStats media-source audioLevel, after the
    /// browser's audio processing), in dBFS; negative infinity before there is one.</summary>
    public async Task<double> SentLevelDbfsAsync()
    {
        var level = await _page.EvaluateAsync<double>(SentLevelScript);
        return level <= 0 ? double.NegativeInfinity : 20 * Math.Log10(level);
    }

    /// <summary>Polls the statistics until the first audio packet and the first audio energy are there; both times
    /// counted from <paramref name="since"/> (started when Join was clicked).</summary>
    public async Task<(TimeSpan FirstPacket, TimeSpan FirstEnergy)> FirstAudioAsync(Stopwatch since, TimeSpan limit)
    {
        TimeSpan? packet = null;
        while (since.Elapsed < limit)
        {
            var stats = await StatsAsync();
            var now = since.Elapsed;
            if (packet is null && stats.PacketsReceived > 0)
            {
                packet = now;
            }

            if (stats.TotalAudioEnergy > 0)
            {
                return (packet ?? now, now);
            }

            await Task.Delay(10);
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
            $"no audio {(packet is null ? "packet" : "energy")} reached the page within {limit.TotalSeconds} s of Join"));
    }

    /// <summary>One reading of a page's inbound-rtp audio statistics.</summary>
    public sealed record InboundAudio(long PacketsReceived, double TotalAudioEnergy, long ConcealedSamples, long TotalSamplesReceived)
    {
        /// <summary>Share of played samples the browser had to invent (lost or late packets): 0 when all arrived.</summary>
        public double ConcealedShare => TotalSamplesReceived == 0 ? 0 : ConcealedSamples / (double)TotalSamplesReceived;
    }
}
