using Bridge.Media.Codecs;

namespace Bridge.Calls.Legs;

/// <summary>
/// Whether what this reader decoded lately was quiet: under <see cref="QuietDbfs"/> for <see cref="QuietFrames"/> received
/// frames in a row. Concealed frames do not count: they are not the sender's audio, and a concealment fading out in a gap
/// (RFC 4733 digits sent in place of audio) must not make a loud sender look quiet. A codec's own "no speech" flag is believed only then (<see cref="LegSilence"/>):
/// Opus' VAD (RFC 6716 §4.2.3) also says "no speech" for a steady tone after about 0.7 s, and a tone must go on being
/// heard. Written on the mixer thread, read on the receive thread (one int, no lock).
/// </summary>
internal sealed partial class LegAudioReader
{
    /// <summary>3 dB under the mixer's talk-off level (MixRoomOptions: -52 dBFS): audio this quiet neither starts a talker
    /// (-45 dBFS) nor holds one, so not decoding it changes nothing anyone hears.</summary>
    internal const double QuietDbfs = -55;

    /// <summary>Consecutive quiet frames (20 ms each) before the audio counts as quiet.</summary>
    internal const int QuietFrames = 3;

    /// <summary>Mean square of a sample at <see cref="QuietDbfs"/> (0 dBFS = a full-scale square wave).</summary>
    internal static readonly long QuietPower = G711Activity.MeanSquareAt(QuietDbfs);

    private int _quietRun;

    /// <summary>True once the last <see cref="QuietFrames"/> decoded frames were all quiet.</summary>
    public bool RecentlyQuiet => Volatile.Read(ref _quietRun) >= QuietFrames;

    private void NoteLevel(ReadOnlySpan<short> pcm)
    {
        if (pcm.IsEmpty)
        {
            return;
        }

        long sum = 0;
        foreach (short sample in pcm)
        {
            sum += sample * sample;
        }

        int run = _quietRun;
        Volatile.Write(ref _quietRun, sum <= QuietPower * pcm.Length ? Math.Min(run + 1, int.MaxValue - 1) : 0);
    }
}
