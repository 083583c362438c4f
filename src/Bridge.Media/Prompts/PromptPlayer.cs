using System.Collections.Concurrent;

namespace Bridge.Media.Prompts;

/// <summary>
/// Plays queued prompt sequences into a mix accumulator, one 20 ms frame per call, on the mixer thread.
/// Requests are queued lock-free from any thread; a stop request drops everything queued before it.
/// Completion callbacks run on the thread pool, never on the mixer thread.
/// </summary>
internal sealed class PromptPlayer
{
    private static readonly Action<(Action<PromptResult> Callback, PromptResult Result)> InvokeCallback =
        static state => state.Callback(state.Result);

    private readonly ConcurrentQueue<Request> _queue = new();
    private Request? _current;
    private int _index;
    private int _position;
    private int _positionRate;
    private int _stopGeneration;

    /// <summary>True while something is playing or queued.</summary>
    internal bool HasWork => _current is not null || !_queue.IsEmpty;

    /// <summary>Queues a sequence (any thread). The callback runs once when the last prompt ends or when stopped.</summary>
    internal void Enqueue(AudioPrompt[] prompts, Action<PromptResult>? onCompleted)
    {
        _queue.Enqueue(new Request(prompts, onCompleted, Volatile.Read(ref _stopGeneration)));
    }

    /// <summary>Stops what plays and drops what is queued (any thread); takes effect at the next tick.</summary>
    internal void Stop() => Interlocked.Increment(ref _stopGeneration);

    /// <summary>Ends everything as stopped (mixer thread, when the participant leaves or the room closes).</summary>
    internal void Abandon()
    {
        Stop();
        if (_current is not null)
        {
            Complete(_current, PromptResult.Stopped);
            _current = null;
        }

        while (_queue.TryDequeue(out Request? request))
        {
            Complete(request, PromptResult.Stopped);
        }
    }

    /// <summary>Adds up to one frame of prompt audio at <paramref name="sampleRate"/> into <paramref name="acc"/>.
    /// Returns true when any prompt sample was added.</summary>
    internal bool MixInto(Span<int> acc, int sampleRate)
    {
        bool played = false;
        int filled = 0;
        int stopGeneration = Volatile.Read(ref _stopGeneration);
        while (filled < acc.Length)
        {
            if (_current is null)
            {
                if (!_queue.TryDequeue(out Request? next))
                {
                    break;
                }

                _current = next;
                _index = 0;
                _position = 0;
                _positionRate = sampleRate;
            }

            Request current = _current;
            if (current.Generation < stopGeneration)
            {
                Complete(current, PromptResult.Stopped);
                _current = null;
                continue;
            }

            if (_index >= current.Prompts.Length)
            {
                Complete(current, PromptResult.Completed);
                _current = null;
                continue;
            }

            if (_positionRate != sampleRate)
            {
                _position = (int)((long)_position * sampleRate / _positionRate);
                _positionRate = sampleRate;
            }

            short[] pcm = current.Prompts[_index].GetPcm(sampleRate);
            int n = Math.Min(pcm.Length - _position, acc.Length - filled);
            if (n > 0)
            {
                ReadOnlySpan<short> source = pcm.AsSpan(_position, n);
                Span<int> target = acc.Slice(filled, n);
                for (int i = 0; i < n; i++)
                {
                    target[i] += source[i];
                }

                filled += n;
                _position += n;
                played = true;
            }

            if (_position >= pcm.Length)
            {
                _index++;
                _position = 0;
            }
        }

        if (_current is not null && _index >= _current.Prompts.Length)
        {
            Complete(_current, PromptResult.Completed);
            _current = null;
        }

        return played;
    }

    private static void Complete(Request request, PromptResult result)
    {
        if (request.Callback is { } callback)
        {
            ThreadPool.UnsafeQueueUserWorkItem(InvokeCallback, (callback, result), preferLocal: false);
        }
    }

    private sealed record Request(AudioPrompt[] Prompts, Action<PromptResult>? Callback, int Generation);
}
