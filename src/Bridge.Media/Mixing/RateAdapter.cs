using Bridge.Media.Resampling;

namespace Bridge.Media.Mixing;

/// <summary>
/// A port's resamplers to or from the room rates it may be mixed at (8000, 16000, 48000). The one for the port's own rate
/// is a pass-through. The others are provided and released by the room's control side (<see cref="MixRoom"/>'s rate
/// provisioning, never on the mixer thread): provided before a join that can lift the room to that rate is queued, released
/// once no participant of that rate is left (after the mixer let it go). The mixer thread only reads.
/// </summary>
internal sealed class RateAdapter
{
    private readonly int _portRate;
    private readonly bool _toRoom;
    private readonly Resampler?[] _byRate = new Resampler?[3];

    internal RateAdapter(int portRate, bool toRoom)
    {
        _portRate = portRate;
        _toRoom = toRoom;
        _byRate[Slot(portRate)] = new Resampler(portRate, portRate);
    }

    /// <summary>The port's own rate.</summary>
    internal int PortRate => _portRate;

    /// <summary>Mixer thread: the resampler for <paramref name="roomRate"/>, or null when it was not provided.</summary>
    internal Resampler? For(int roomRate) => Volatile.Read(ref _byRate[Slot(roomRate)]);

    /// <summary>The widest rate a resampler is held for (at least the port's own).</summary>
    internal int HighestRate
    {
        get
        {
            for (int slot = _byRate.Length - 1; slot > 0; slot--)
            {
                if (Volatile.Read(ref _byRate[slot]) is not null)
                {
                    return RateOf(slot);
                }
            }

            return RateOf(0);
        }
    }

    /// <summary>Floats of resampler history and input held now (for tests and the memory budget).</summary>
    internal int BufferedSamples
    {
        get
        {
            int total = 0;
            foreach (Resampler? resampler in _byRate)
            {
                total += resampler is null || resampler.IsPassThrough ? 0 : resampler.BufferLength;
            }

            return total;
        }
    }

    /// <summary>Control side: makes sure a resampler for <paramref name="roomRate"/> exists. Its buffer holds one 20 ms
    /// frame of input, all the mixer passes per tick.</summary>
    internal void Provide(int roomRate)
    {
        int slot = Slot(roomRate);
        if (Volatile.Read(ref _byRate[slot]) is not null)
        {
            return;
        }

        int input = _toRoom ? _portRate : roomRate;
        int output = _toRoom ? roomRate : _portRate;
        Volatile.Write(ref _byRate[slot], new Resampler(input, output, AudioFrame.SamplesPerFrame(input)));
    }

    /// <summary>Control side: drops the resampler for <paramref name="roomRate"/> (never the port's own pass-through).
    /// Only for a rate the mixer can no longer mix this port at.</summary>
    internal void Release(int roomRate)
    {
        if (roomRate != _portRate)
        {
            Volatile.Write(ref _byRate[Slot(roomRate)], null);
        }
    }

    /// <summary>Index of <paramref name="rate"/> among the mixing rates.</summary>
    internal static int Slot(int rate) => rate == 8000 ? 0 : rate == 16000 ? 1 : 2;

    /// <summary>The mixing rate of slot <paramref name="slot"/>.</summary>
    internal static int RateOf(int slot) => slot == 0 ? 8000 : slot == 1 ? 16000 : 48000;
}
