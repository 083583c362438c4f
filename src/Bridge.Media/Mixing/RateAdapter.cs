using Bridge.Media.Resampling;

namespace Bridge.Media.Mixing;

/// <summary>A port's resamplers to or from each room rate, built when the participant joins so a room
/// rate change (16 → 48 kHz when an Opus caller arrives) does not allocate on the mixer thread.</summary>
internal sealed class RateAdapter
{
    private readonly int _portRate;
    private readonly bool _toRoom;
    private readonly Resampler?[] _byRate = new Resampler?[3];

    internal RateAdapter(int portRate, bool toRoom)
    {
        _portRate = portRate;
        _toRoom = toRoom;
        For(16000);
        For(48000);
    }

    /// <summary>The resampler for <paramref name="roomRate"/> (8000, 16000 or 48000).</summary>
    internal Resampler For(int roomRate)
    {
        int slot = roomRate == 8000 ? 0 : roomRate == 16000 ? 1 : 2;
        return _byRate[slot] ??= _toRoom ? new Resampler(_portRate, roomRate) : new Resampler(roomRate, _portRate);
    }
}
