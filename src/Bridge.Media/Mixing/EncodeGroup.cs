using Bridge.Media.Codecs;

namespace Bridge.Media.Mixing;

/// <summary>
/// One encode shared by every listener that hears the same signal with the same codec: the full room mix
/// for listeners who are not talking, or silence for those who hear nothing (Asterisk softmix's idea).
/// Encoded at most once per tick, on first use.
/// </summary>
internal sealed class EncodeGroup
{
    private readonly IAudioEncoder _encoder;
    private readonly RateAdapter _fromRoom;
    private readonly short[] _pcm;
    private readonly byte[] _payload = new byte[1500];
    private long _tick = -1;
    private int _length;

    internal EncodeGroup(AudioCodecInfo codec, bool silent, OpusSettings opus)
    {
        Codec = codec;
        Silent = silent;
        _encoder = AudioCodecs.CreateEncoder(codec.Name, opus);
        _fromRoom = new RateAdapter(codec.SampleRate, toRoom: false);
        _pcm = new short[codec.SamplesPerFrame];
    }

    internal AudioCodecInfo Codec { get; }

    /// <summary>The shared resampler from <paramref name="roomRate"/> to the codec's rate (null when not provided).</summary>
    internal Resampling.Resampler? FromRoom(int roomRate) => _fromRoom.For(roomRate);

    /// <summary>The shared resamplers, which the room's rate provisioning provides and releases.</summary>
    internal RateAdapter RoomAdapter => _fromRoom;

    /// <summary>The shared encoder, whose state a listener takes over when it moves to its own encoder.</summary>
    internal IAudioEncoder Encoder => _encoder;

    /// <summary>How listeners with <paramref name="codec"/> (and their own <paramref name="encoder"/>) may share encodes.</summary>
    internal static EncodeSharing SharingFor(AudioCodecInfo codec, IAudioEncoder encoder) =>
        codec.Name is AudioCodecs.Pcmu or AudioCodecs.Pcma ? EncodeSharing.Free
        : encoder is IEncoderStateTransfer ? EncodeSharing.HandOver
        : EncodeSharing.Never;

    internal bool Silent { get; }

    /// <summary>Returns this tick's payload, encoding it first if this is the first listener asking.
    /// <paramref name="encoded"/> is true when this call did the encode.</summary>
    internal ReadOnlySpan<byte> GetPayload(ReadOnlySpan<short> mix, int roomRate, long tick, out bool encoded)
    {
        encoded = false;
        if (_tick != tick)
        {
            _tick = tick;
            encoded = true;
            Resampling.Resampler? fromRoom = Silent ? null : _fromRoom.For(roomRate);
            if (fromRoom is null)
            {
                Array.Clear(_pcm);
            }
            else
            {
                fromRoom.Process(mix, _pcm);
            }

            _length = Math.Max(0, _encoder.Encode(_pcm, _payload));
        }

        return _payload.AsSpan(0, _length);
    }
}
