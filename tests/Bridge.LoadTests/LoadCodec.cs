using Bridge.Media.Codecs;

namespace Bridge.LoadTests;

/// <summary>
/// What the rooms scenario's participants send and how they are offered: PCMU (payload type 0, RFC 3551 §4.5.14) or Opus
/// (<c>opus/48000/2</c> on dynamic payload type 111, RFC 7587 §7, with telephone-event at the same 48 kHz clock, RFC 4733
/// §2.1). Every talker's 20 ms frames and the silence frames are made once here; participants replay them, so the
/// generator encodes nothing while it runs.
/// </summary>
internal sealed class LoadCodec
{
    /// <summary>Frames in one replayed cycle (one second): a tone of whole periods per 20 ms loops without a seam.</summary>
    private const int CycleFrames = 50;

    private readonly byte[][][] _tones;
    private readonly byte[][] _silence;

    private LoadCodec(string name, int payloadType, int clockRate, string rtpMap, byte[][][] tones, byte[][] silence)
    {
        Name = name;
        PayloadType = payloadType;
        ClockRate = clockRate;
        RtpMap = rtpMap;
        _tones = tones;
        _silence = silence;
    }

    public static LoadCodec Pcmu { get; } = new(
        "PCMU", 0, 8000, "a=rtpmap:0 PCMU/8000\r\n",
        ToneMeter.Frequencies.Select((_, i) => new[] { ToneMeter.Frame(i) }).ToArray(),
        [Enumerable.Repeat((byte)0xFF, 160).ToArray()]);

    /// <summary>Name as the table shows it ("PCMU", "opus").</summary>
    public string Name { get; }

    public int PayloadType { get; }

    /// <summary>RTP clock of the codec and of its telephone-event.</summary>
    public int ClockRate { get; }

    /// <summary>RTP timestamp units in one 20 ms frame.</summary>
    public int FrameUnits => ClockRate / 50;

    /// <summary>The codec's a=rtpmap (and a=fmtp) lines of the offer.</summary>
    public string RtpMap { get; }

    public bool IsOpus => PayloadType != 0;

    /// <summary>
    /// Opus with the bridge's own encoder (libopus when installed, else Concentus; 32 kbit/s, VOIP, in-band FEC): a hundred
    /// frames of each tone and of digital silence are encoded and the last fifty kept, so the cycle replays from an encoder
    /// that has settled. Silence is sent as Opus frames (a few octets each) every 20 ms, not left out as DTX would: the
    /// PCMU participants send silence too, so both codecs load the bridge's receive path alike.
    /// </summary>
    public static LoadCodec CreateOpus()
    {
        var tones = new byte[ToneMeter.Frequencies.Length][][];
        for (int t = 0; t < tones.Length; t++)
        {
            tones[t] = Encode(ToneMeter.Frequencies[t]);
        }

        return new LoadCodec(AudioCodecs.Opus, 111, 48000, "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\n", tones, Encode(0));
    }

    /// <summary>The frames talker <paramref name="talker"/> replays (-1: silence).</summary>
    public byte[][] Frames(int talker) => talker >= 0 ? _tones[talker] : _silence;

    private static byte[][] Encode(int frequency)
    {
        var encoder = AudioCodecs.CreateEncoder(AudioCodecs.Opus);
        var pcm = new short[960];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(frequency == 0 ? 0 : 4000 * Math.Sin(2 * Math.PI * frequency * i / 48000));
        }

        var payload = new byte[1275];
        var frames = new byte[2 * CycleFrames][];
        for (int f = 0; f < frames.Length; f++)
        {
            int length = encoder.Encode(pcm, payload);
            frames[f] = length > 0 ? payload[..length] : throw new InvalidOperationException("the Opus encoder failed");
        }

        (encoder as IDisposable)?.Dispose();
        return frames[CycleFrames..];
    }
}
