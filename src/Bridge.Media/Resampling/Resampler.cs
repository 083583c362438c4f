using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Bridge.Media.Resampling;

/// <summary>
/// Streaming rational-ratio resampler (L/M polyphase FIR, Kaiser-windowed sinc, ≈70 dB stop band).
/// Pass band up to 0.425 × the lower rate (3.4 kHz at 8 kHz), stop band from 0.55 × the lower rate,
/// so a 3.4 kHz tone neither images when going up nor folds back when coming down.
/// Keeps its history between calls; allocation-free per call. One owner (not thread-safe); the filter bank, read-only,
/// is shared by all resamplers of the same pair of rates.
/// </summary>
public sealed class Resampler
{
    private const double StopBandDb = 70;
    /// <summary>
    /// One filter bank per pair of rates, shared by every resampler of that pair (read-only once designed): a bank is
    /// 12 KB, and a narrowband caller in a wideband room needs up to four resamplers, so a copy per instance cost ~48 KB
    /// per participant and a filter design (sines and Bessel functions) per call set-up.
    /// </summary>
    private static readonly ConcurrentDictionary<(int Input, int Output), (float[] Phases, int Taps)> Designs = new();
    private readonly int _up;
    private readonly int _down;
    private readonly int _taps;
    private readonly float[] _phases;
    private readonly float[] _buffer;
    private int _phase;

    /// <summary>Creates a resampler from <paramref name="inputRate"/> to <paramref name="outputRate"/> (both 8000–48000).</summary>
    public Resampler(int inputRate, int outputRate)
        : this(inputRate, outputRate, AudioFrame.MaxPacketSamples / (AudioFrame.MaxSampleRate / 1000) * (inputRate / 1000))
    {
    }

    /// <summary>
    /// Creates a resampler that takes at most <paramref name="maxInputSamples"/> per <see cref="Process"/> call. The mixer
    /// passes one 20 ms frame a tick, so its resamplers hold history plus 20 ms, not 60 ms (a 48 → 8 kHz one: 4.7 KB, not 12.4 KB).
    /// </summary>
    internal Resampler(int inputRate, int outputRate, int maxInputSamples)
    {
        if (inputRate is < 8000 or > 48000 || outputRate is < 8000 or > 48000)
        {
            throw new ArgumentOutOfRangeException(nameof(inputRate), "Rates must be within 8000..48000.");
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        int gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        if (_up > 16 || _down > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(outputRate), "Ratio too complex for a polyphase bank.");
        }

        if (inputRate == outputRate)
        {
            _phases = [];
            _buffer = [];
            return;
        }

        (_phases, _taps) = Designs.GetOrAdd((inputRate, outputRate), static rates => Design(rates.Input, rates.Output, rates.Output / Gcd(rates.Input, rates.Output)));
        DelayOutputSamples = (int)Math.Round(((_taps * _up) - 1) / 2.0 / _down);
        // History plus one call's input, 60 ms at the input rate by default (480 samples at 8 kHz, not the 2,880 of 48 kHz:
        // a narrowband caller's four resamplers held 46 KB of buffers), one frame for the mixer's.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInputSamples, 1);
        MaxInputSamples = maxInputSamples;
        _buffer = new float[_taps - 1 + MaxInputSamples];
    }

    /// <summary>Most input samples one <see cref="Process"/> call takes: 60 ms at the input rate (unbounded for a pass-through).</summary>
    public int MaxInputSamples { get; } = int.MaxValue;

    /// <summary>Samples of history and input this resampler holds (0 for a pass-through).</summary>
    internal int BufferLength => _buffer.Length;

    /// <summary>Input rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>Group delay of the filter, in output samples (0 for a pass-through).</summary>
    public int DelayOutputSamples { get; }

    /// <summary>True when input and output rates are equal (a copy).</summary>
    public bool IsPassThrough => InputRate == OutputRate;

    /// <summary>Output samples produced for <paramref name="inputSamples"/> input samples in steady state.</summary>
    public int OutputLength(int inputSamples) => (int)((long)inputSamples * OutputRate / InputRate);

    /// <summary>
    /// Resamples <paramref name="input"/> (at most <see cref="MaxInputSamples"/>, 60 ms, per call) into <paramref name="output"/>.
    /// Returns the samples written, or -1 when the input is too long or the output too small.
    /// With 20 ms frames at 8/16/48 kHz the count is exact (160 ↔ 320 ↔ 960).
    /// </summary>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (IsPassThrough)
        {
            if (output.Length < input.Length)
            {
                return -1;
            }

            input.CopyTo(output);
            return input.Length;
        }

        int n = input.Length;
        int history = _taps - 1;
        if (n > MaxInputSamples)
        {
            return -1;
        }

        int produced = CountOutputs(n);
        if (output.Length < produced)
        {
            return -1;
        }

        Span<float> buffer = _buffer;
        Span<float> fresh = buffer.Slice(history, n);
        for (int i = 0; i < n; i++)
        {
            fresh[i] = input[i];
        }

        int t = _phase;
        int limit = n * _up;
        int written = 0;
        ReadOnlySpan<float> phases = _phases;
        while (t < limit)
        {
            int index = t / _up;
            int p = t - (index * _up);
            float y = Dot(phases.Slice(p * _taps, _taps), buffer.Slice(index, _taps));
            int rounded = (int)MathF.Round(y);
            output[written++] = (short)Math.Clamp(rounded, short.MinValue, short.MaxValue);
            t += _down;
        }

        _phase = t - limit;
        buffer.Slice(n, history).CopyTo(buffer);
        return written;
    }

    /// <summary>Continues <paramref name="other"/>'s stream: takes over its history and phase (same rates).</summary>
    internal void CopyStateFrom(Resampler other)
    {
        if (other.InputRate != InputRate || other.OutputRate != OutputRate)
        {
            throw new ArgumentException("Rates differ.", nameof(other));
        }

        other._buffer.AsSpan().CopyTo(_buffer);
        _phase = other._phase;
    }

    /// <summary>Forgets the history (for a new, unrelated stream).</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        _phase = 0;
    }

    private int CountOutputs(int n)
    {
        int limit = n * _up;
        return _phase >= limit ? 0 : ((limit - _phase - 1) / _down) + 1;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            Vector<float> acc = Vector<float>.Zero;
            for (int v = 0; v < va.Length; v++)
            {
                acc += va[v] * vb[v];
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Kaiser-windowed sinc prototype at rate <c>in × L</c>, split into L sub-filters stored
    /// time-reversed so each output is one contiguous dot product.</summary>
    private static (float[] Phases, int Taps) Design(int inputRate, int outputRate, int up)
    {
        double upRate = (double)inputRate * up;
        double lower = Math.Min(inputRate, outputRate);
        double pass = 0.425 * lower;
        double stop = 0.55 * lower;
        double cutoff = (pass + stop) / 2 / upRate;
        double deltaOmega = 2 * Math.PI * (stop - pass) / upRate;
        int length = (int)Math.Ceiling((StopBandDb - 8) / (2.285 * deltaOmega)) + 1;
        int vector = Vector<float>.Count;
        int taps = (length + up - 1) / up;
        taps = (taps + vector - 1) / vector * vector;
        int total = taps * up;
        double beta = 0.1102 * (StopBandDb - 8.7);
        double i0Beta = BesselI0(beta);
        double centre = (total - 1) / 2.0;
        var prototype = new double[total];
        for (int m = 0; m < total; m++)
        {
            double x = m - centre;
            double sinc = x == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double r = x / (centre + 0.5);
            double window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (r * r)))) / i0Beta;
            prototype[m] = sinc * window * up;
        }

        var phases = new float[total];
        for (int p = 0; p < up; p++)
        {
            for (int k = 0; k < taps; k++)
            {
                phases[(p * taps) + (taps - 1 - k)] = (float)prototype[p + (k * up)];
            }
        }

        return (phases, taps);
    }

    private static double BesselI0(double x)
    {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 50; k++)
        {
            term *= half / k;
            double t2 = term * term;
            sum += t2;
            if (t2 < sum * 1e-12)
            {
                break;
            }
        }

        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
