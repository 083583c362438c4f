using Concentus;

namespace Bridge.Media.Codecs;

/// <summary>Creates encoders and decoders by SDP encoding name (case-insensitive, RFC 4566 §6 rtpmap).</summary>
public static class AudioCodecs
{
    /// <summary>G.711 μ-law, static payload type 0.</summary>
    public const string Pcmu = "PCMU";

    /// <summary>G.711 A-law, static payload type 8.</summary>
    public const string Pcma = "PCMA";

    /// <summary>G.722, static payload type 9, RTP clock 8000 (RFC 3551 §4.5.2).</summary>
    public const string G722 = "G722";

    /// <summary>Opus, dynamic payload type, RTP clock 48000 (RFC 7587).</summary>
    public const string Opus = "opus";

    private static bool s_nativeOpus = LibOpus.IsAvailable;

    private static readonly AudioCodecInfo PcmuInfo = new(Pcmu, 8000, 8000, 0);
    private static readonly AudioCodecInfo PcmaInfo = new(Pcma, 8000, 8000, 8);
    private static readonly AudioCodecInfo G722Info = new(G722, 16000, 8000, 9);
    private static readonly AudioCodecInfo OpusInfo = new(Opus, 48000, 48000, -1);

    /// <summary>The codecs this build supports, in the bridge's order of preference for SDP offers.</summary>
    public static IReadOnlyList<AudioCodecInfo> All { get; } = [OpusInfo, G722Info, PcmuInfo, PcmaInfo];

    /// <summary>Looks up a codec by name; false when unsupported.</summary>
    public static bool TryGetInfo(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AudioCodecInfo? info)
    {
        info = Find(name);
        return info is not null;
    }

    /// <summary>Codec facts by name; throws <see cref="ArgumentException"/> when unsupported.</summary>
    public static AudioCodecInfo GetInfo(string name) =>
        Find(name) ?? throw new ArgumentException($"Unsupported codec '{name}'.", nameof(name));

    /// <summary>New encoder for <paramref name="name"/>; throws <see cref="ArgumentException"/> when unsupported.</summary>
    public static IAudioEncoder CreateEncoder(string name) => CreateEncoder(name, OpusSettings.Default);

    /// <summary>New encoder; <paramref name="opus"/> only matters for Opus.</summary>
    public static IAudioEncoder CreateEncoder(string name, OpusSettings opus)
    {
        ArgumentNullException.ThrowIfNull(opus);
        return GetInfo(name).Name switch
        {
            Pcmu => new G711Encoder(aLaw: false),
            Pcma => new G711Encoder(aLaw: true),
            G722 => new G722Encoder(),
            _ => s_nativeOpus ? new NativeOpusEncoder(opus) : new OpusAudioEncoder(opus),
        };
    }

    /// <summary>New decoder for <paramref name="name"/>; throws <see cref="ArgumentException"/> when unsupported.</summary>
    public static IAudioDecoder CreateDecoder(string name) =>
        GetInfo(name).Name switch
        {
            Pcmu => new G711Decoder(aLaw: false),
            Pcma => new G711Decoder(aLaw: true),
            G722 => new G722Decoder(),
            _ => s_nativeOpus ? new NativeOpusDecoder() : new OpusAudioDecoder(),
        };

    /// <summary>Which Opus implementation new encoders and decoders use, e.g. "libopus 1.3.1 (native)".</summary>
    public static string OpusImplementation => s_nativeOpus ? $"{LibOpus.Version} (native)" : "Concentus (managed)";

    /// <summary>
    /// Chooses the Opus implementation for encoders and decoders made from now on: <see cref="OpusLibrary.Auto"/>
    /// (the default) takes the system's libopus when it loads and Concentus otherwise; <see cref="OpusLibrary.Native"/>
    /// demands libopus (throws <see cref="InvalidOperationException"/> when none loads). Call once at start-up.
    /// Returns <see cref="OpusImplementation"/>.
    /// </summary>
    public static string UseOpus(OpusLibrary library)
    {
        s_nativeOpus = library switch
        {
            OpusLibrary.Managed => false,
            OpusLibrary.Native => LibOpus.IsAvailable
                ? true
                : throw new InvalidOperationException("libopus was not found (install libopus0, or opus.dll on Windows)."),
            _ => LibOpus.IsAvailable,
        };
        return OpusImplementation;
    }

    /// <summary>
    /// Runs every codec for a few frames so the JIT has compiled them before the first call
    /// (Concentus' first encodes are 6–8× slower). Call once at start-up; takes well under a second.
    /// </summary>
    public static void WarmUp()
    {
        short[] pcm = new short[AudioFrame.MaxFrameSamples];
        byte[] payload = new byte[1500];
        short[] decoded = new short[AudioFrame.MaxPacketSamples];
        foreach (AudioCodecInfo info in All)
        {
            IAudioEncoder encoder = CreateEncoder(info.Name);
            IAudioDecoder decoder = CreateDecoder(info.Name);
            int samples = info.SamplesPerFrame;
            for (int frame = 0; frame < 25; frame++)
            {
                for (int i = 0; i < samples; i++)
                {
                    pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * ((frame * samples) + i) / info.SampleRate));
                }

                int bytes = encoder.Encode(pcm.AsSpan(0, samples), payload);
                if (bytes > 0)
                {
                    decoder.Decode(payload.AsSpan(0, bytes), decoded);
                }

                if (frame % 8 == 7)
                {
                    decoder.Conceal(decoded.AsSpan(0, samples), ReadOnlySpan<byte>.Empty);
                }
            }
        }
    }

    /// <summary>Concentus silently prefers a native libopus when one is on its library path; when the bridge uses
    /// Concentus it means the managed code (libopus is used through <see cref="LibOpus"/>, by choice).</summary>
    internal static void EnsureManagedOpus()
    {
        OpusCodecFactory.AttemptToUseNativeLibrary = false;
    }

    private static AudioCodecInfo? Find(string name)
    {
        if (string.Equals(name, Pcmu, StringComparison.OrdinalIgnoreCase))
        {
            return PcmuInfo;
        }

        if (string.Equals(name, Pcma, StringComparison.OrdinalIgnoreCase))
        {
            return PcmaInfo;
        }

        if (string.Equals(name, G722, StringComparison.OrdinalIgnoreCase))
        {
            return G722Info;
        }

        return string.Equals(name, Opus, StringComparison.OrdinalIgnoreCase) ? OpusInfo : null;
    }
}
