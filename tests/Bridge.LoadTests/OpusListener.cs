using Bridge.Media.Codecs;

namespace Bridge.LoadTests;

/// <summary>
/// The ears of one sampled Opus listener: decodes with the bridge's own Opus decoder (48 kHz mono, RFC 7587 §4.1) and
/// brings the 20 ms frame down to the 160 samples at 8 kHz that <see cref="ToneMeter"/> reads, averaging each six samples
/// (a crude low-pass: the talkers' tones lose under 3 %). Runs on the generator's receive thread; allocates nothing.
/// </summary>
internal sealed class OpusListener : IDisposable
{
    private readonly IAudioDecoder _decoder = AudioCodecs.CreateDecoder(AudioCodecs.Opus);
    private readonly short[] _wide = new short[5760];
    private readonly short[] _narrow = new short[160];

    /// <summary>
    /// Decodes <paramref name="payload"/>; when <paramref name="tally"/> is given, its first 20 ms go to it. The packet
    /// before a checked one is decoded too (without a tally), so the decoder's state follows the stream it listens to.
    /// </summary>
    public void Decode(ReadOnlySpan<byte> payload, ToneTally? tally)
    {
        int samples = _decoder.Decode(payload, _wide);
        if (tally is null || samples < 6 * _narrow.Length)
        {
            return;
        }

        for (int i = 0; i < _narrow.Length; i++)
        {
            var six = _wide.AsSpan(6 * i, 6);
            _narrow[i] = (short)((six[0] + six[1] + six[2] + six[3] + six[4] + six[5]) / 6);
        }

        tally.ListenPcm(_narrow);
    }

    /// <summary>
    /// Before a run: each talker's Opus frames, decoded and checked as a sampled listener checks what the bridge sends, carry
    /// that talker's tone and no other, and the silence frames none, so the tone check of the Opus path can fail.
    /// </summary>
    /// <exception cref="InvalidOperationException">The check heard what was not sent, or missed what was.</exception>
    public static void SelfCheck(LoadCodec codec)
    {
        for (int sent = -1; sent < ToneMeter.Frequencies.Length; sent++)
        {
            using var listener = new OpusListener();
            var tally = new ToneTally();
            foreach (var frame in codec.Frames(sent))
            {
                listener.Decode(frame, tally);
            }

            for (int tone = 0; tone < ToneMeter.Frequencies.Length; tone++)
            {
                if (tally.Heard(tone) != (tone == sent))
                {
                    throw new InvalidOperationException(
                        $"Opus self-check: frames of {(sent < 0 ? "silence" : $"tone {ToneMeter.Frequencies[sent]} Hz")} {(tally.Heard(tone) ? "carry" : "lack")} tone {ToneMeter.Frequencies[tone]} Hz");
                }
            }
        }
    }

    public void Dispose() => (_decoder as IDisposable)?.Dispose();
}
