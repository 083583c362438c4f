namespace Bridge.Media.Codecs;

/// <summary>
/// Packet loss concealment for waveform codecs (G.711, G.722), after the idea of G.711 Appendix I:
/// repeat the last pitch period found by autocorrelation, fade it out linearly over 60 ms of
/// consecutive loss, then play silence; cross-fade back into the first good frame.
/// </summary>
internal sealed class LossConcealer
{
    private readonly short[] _history;
    private readonly short[] _period;
    private readonly int _minPitch;
    private readonly int _maxPitch;
    private readonly int _window;
    private readonly int _fadeSamples;
    private readonly int _crossFadeSamples;
    private int _pitch;
    private int _periodPos;
    private int _lostSamples;
    private bool _inLoss;

    internal LossConcealer(int sampleRate)
    {
        _minPitch = sampleRate / 400;
        _maxPitch = sampleRate / 66;
        _window = sampleRate / 100;
        _history = new short[_maxPitch + _window + (sampleRate / 100)];
        _period = new short[_maxPitch];
        _fadeSamples = sampleRate * 60 / 1000;
        _crossFadeSamples = sampleRate / 250;
    }

    /// <summary>Samples concealed since the last good frame.</summary>
    internal int LostSamples => _lostSamples;

    /// <summary>Records a decoded frame as history; after a loss, cross-fades from the concealment into it.</summary>
    internal void OnGoodFrame(Span<short> pcm)
    {
        if (_inLoss)
        {
            int n = Math.Min(_crossFadeSamples, pcm.Length);
            Span<short> continuation = stackalloc short[n];
            Generate(continuation);
            for (int i = 0; i < n; i++)
            {
                int w = ((i + 1) << 10) / (n + 1);
                pcm[i] = (short)(((continuation[i] * (1024 - w)) + (pcm[i] * w)) >> 10);
            }

            _inLoss = false;
            _lostSamples = 0;
        }

        Append(pcm);
    }

    /// <summary>Fills <paramref name="pcm"/> with the continuation of the last pitch period, fading out.</summary>
    internal void Conceal(Span<short> pcm)
    {
        if (!_inLoss)
        {
            _inLoss = true;
            _lostSamples = 0;
            _periodPos = 0;
            _pitch = FindPitch();
            _history.AsSpan(_history.Length - _pitch, _pitch).CopyTo(_period);
        }

        Generate(pcm);
    }

    private void Generate(Span<short> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            int remaining = _fadeSamples - _lostSamples;
            if (remaining <= 0)
            {
                output[i..].Clear();
                _lostSamples += output.Length - i;
                return;
            }

            output[i] = (short)(_period[_periodPos] * remaining / _fadeSamples);
            _periodPos++;
            if (_periodPos >= _pitch)
            {
                _periodPos = 0;
            }

            _lostSamples++;
        }
    }

    private void Append(ReadOnlySpan<short> pcm)
    {
        short[] history = _history;
        if (pcm.Length >= history.Length)
        {
            pcm[^history.Length..].CopyTo(history);
            return;
        }

        Array.Copy(history, pcm.Length, history, 0, history.Length - pcm.Length);
        pcm.CopyTo(history.AsSpan(history.Length - pcm.Length));
    }

    /// <summary>Lag in [2.5 ms, 15 ms] with the highest normalised correlation between the newest
    /// 10 ms of history and the same stretch one lag earlier.</summary>
    private int FindPitch()
    {
        ReadOnlySpan<short> history = _history;
        ReadOnlySpan<short> recent = history[^_window..];
        int bestLag = _maxPitch;
        double bestScore = 0;
        for (int lag = _minPitch; lag <= _maxPitch; lag++)
        {
            ReadOnlySpan<short> past = history.Slice(history.Length - _window - lag, _window);
            long cross = 0;
            long energy = 0;
            for (int i = 0; i < _window; i++)
            {
                cross += recent[i] * past[i];
                energy += past[i] * past[i];
            }

            if (cross <= 0 || energy == 0)
            {
                continue;
            }

            double score = (double)cross * cross / energy;
            if (score > bestScore)
            {
                bestScore = score;
                bestLag = lag;
            }
        }

        return bestLag;
    }
}
