namespace Bridge.Media.Tones;

/// <summary>
/// In-band DTMF detection on 8 kHz PCM (ITU-T Q.24 ranges) with Goertzel filters over 102-sample blocks
/// (12.75 ms, where neighbouring DTMF frequencies fall near each other's nulls). A block holds a digit only if
/// both tones are loud enough, the twist is within limits, each tone stands clear of the rest of its group
/// (relative peak), and the two tones carry most of the block's energy; a digit is reported after two
/// consecutive blocks agree and ends after two that do not, so speech does not trigger it.
/// Streaming and allocation-free; one instance per stream. Other rates are resampled to 8 kHz internally.
/// </summary>
public sealed class DtmfDetector
{
    private const int BlockSize = 102;
    private const int SampleRate = 8000;
    private const double NormalTwist = 6.3;       // 8 dB: row (low group) louder than column
    private const double ReverseTwist = 4.0;      // 6 dB: column louder than row
    private const double RelativePeak = 6.3;      // 8 dB over the second strongest of the group
    private const double MinToneEnergy = 400.0 * 400.0 * BlockSize / 2; // amplitude 400 ≈ -38 dBFS per tone
    private const double ToneToTotal = 0.70;

    private static readonly double[] RowCoefficients = Coefficients(DtmfTones.RowFrequencies);
    private static readonly double[] ColumnCoefficients = Coefficients(DtmfTones.ColumnFrequencies);
    private readonly short[] _block = new short[BlockSize];
    private readonly Resampling.Resampler? _toNarrowband;
    private readonly short[] _narrowband = [];
    private int _filled;
    private char _lastBlock;
    private char _current;

    /// <summary>Detector for PCM at <paramref name="sampleRate"/> (8000, 16000 or 48000: a leg's decoder rate).</summary>
    public DtmfDetector(int sampleRate = SampleRate)
    {
        if (sampleRate != SampleRate)
        {
            _toNarrowband = new Resampling.Resampler(sampleRate, SampleRate);
            _narrowband = new short[AudioFrame.MaxPacketSamples];
        }
    }

    /// <summary>The digit currently held down, or '\0'.</summary>
    public char Current => _current;

    /// <summary>Feeds 8 kHz samples; writes each newly started digit into <paramref name="digits"/> and returns
    /// how many were written (extra digits beyond its length are dropped).</summary>
    public int Process(ReadOnlySpan<short> pcm, Span<char> digits)
    {
        if (_toNarrowband is null)
        {
            return ProcessNarrowband(pcm, digits);
        }

        int found = 0;
        while (!pcm.IsEmpty)
        {
            int take = Math.Min(pcm.Length, _toNarrowband.MaxInputSamples);
            int n = _toNarrowband.Process(pcm[..take], _narrowband);
            found += ProcessNarrowband(_narrowband.AsSpan(0, Math.Max(n, 0)), digits[found..]);
            pcm = pcm[take..];
        }

        return found;
    }

    private int ProcessNarrowband(ReadOnlySpan<short> pcm, Span<char> digits)
    {
        int found = 0;
        while (!pcm.IsEmpty)
        {
            int n = Math.Min(BlockSize - _filled, pcm.Length);
            pcm[..n].CopyTo(_block.AsSpan(_filled));
            _filled += n;
            pcm = pcm[n..];
            if (_filled < BlockSize)
            {
                break;
            }

            _filled = 0;
            char digit = Classify(_block);
            if (digit == _lastBlock && digit != _current)
            {
                _current = digit;
                if (digit != '\0' && found < digits.Length)
                {
                    digits[found++] = digit;
                }
            }

            _lastBlock = digit;
        }

        return found;
    }

    /// <summary>Forgets partial blocks and the held digit.</summary>
    public void Reset()
    {
        _filled = 0;
        _lastBlock = '\0';
        _current = '\0';
    }

    private static char Classify(ReadOnlySpan<short> block)
    {
        double total = 0;
        for (int i = 0; i < block.Length; i++)
        {
            total += block[i] * (double)block[i];
        }

        if (total < 2 * MinToneEnergy)
        {
            return '\0';
        }

        Span<double> rows = stackalloc double[4];
        Span<double> columns = stackalloc double[4];
        for (int k = 0; k < 4; k++)
        {
            rows[k] = Energy(block, RowCoefficients[k]);
            columns[k] = Energy(block, ColumnCoefficients[k]);
        }

        int row = Strongest(rows);
        int column = Strongest(columns);
        double r = rows[row];
        double c = columns[column];
        if (r < MinToneEnergy || c < MinToneEnergy)
        {
            return '\0';
        }

        if (r > c * NormalTwist || c > r * ReverseTwist)
        {
            return '\0';
        }

        for (int k = 0; k < 4; k++)
        {
            if ((k != row && rows[k] * RelativePeak > r) || (k != column && columns[k] * RelativePeak > c))
            {
                return '\0';
            }
        }

        if (r + c < ToneToTotal * total)
        {
            return '\0';
        }

        return DtmfTones.Digits[(row * 4) + column];
    }

    /// <summary>Goertzel power scaled to the energy of the sinusoid (|X|²·2/N ≈ A²·N/2).</summary>
    private static double Energy(ReadOnlySpan<short> block, double coefficient)
    {
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < block.Length; i++)
        {
            double s0 = block[i] + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        double power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return power * 2 / block.Length;
    }

    private static int Strongest(ReadOnlySpan<double> energies)
    {
        int best = 0;
        for (int k = 1; k < energies.Length; k++)
        {
            if (energies[k] > energies[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static double[] Coefficients(ReadOnlySpan<int> frequencies)
    {
        var result = new double[frequencies.Length];
        for (int i = 0; i < frequencies.Length; i++)
        {
            result[i] = 2 * Math.Cos(2 * Math.PI * frequencies[i] / SampleRate);
        }

        return result;
    }
}
