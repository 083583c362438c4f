namespace Bridge.Media.Codecs;

/// <summary>
/// The start of Opus' range decoder (RFC 6716 §4.1): initialisation (§4.1.1), renormalisation (§4.1.2.1) and the decoding of
/// one binary symbol whose "1" has probability 1/2^logp (§4.1.3.1). Octets past the end read as zero, as the reference
/// decoder reads them. Enough to read the first flags of a frame; a value on the stack, it allocates nothing.
/// </summary>
internal ref struct OpusRangeReader
{
    /// <summary>The range is renormalised whenever it falls to 2^23 or below.</summary>
    private const uint Bottom = 1u << 23;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _leftover;
    private uint _range;
    private uint _value;

    public OpusRangeReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _leftover = NextOctet();
        _range = 128;
        _value = 127 - (uint)(_leftover >> 1);
        Normalise();
    }

    /// <summary>Decodes one symbol of probability 1/2^<paramref name="logp"/> for true (RFC 6716 §4.1.3.1, ec_dec_bit_logp).</summary>
    public bool DecodeBit(int logp)
    {
        uint split = _range >> logp;
        bool one = _value < split;
        if (one)
        {
            _range = split;
        }
        else
        {
            _value -= split;
            _range -= split;
        }

        Normalise();
        return one;
    }

    private void Normalise()
    {
        while (_range <= Bottom)
        {
            _range <<= 8;
            int previous = _leftover;
            _leftover = NextOctet();
            // The bit left over from the previous octet above the next octet's top seven (§4.1.2.1).
            int symbol = ((previous << 8) | _leftover) >> 1;
            _value = ((_value << 8) + (uint)(255 & ~symbol)) & 0x7FFFFFFF;
        }
    }

    private int NextOctet() => _position < _data.Length ? _data[_position++] : 0;
}
