using System.Collections.Concurrent;

namespace Bridge.Media.Prompts;

/// <summary>
/// Plays queued prompt sequences into a mix accumulator, one 20 ms frame per call, on the mixer thread.
/// Requests are queued lock-free from any thread; a stop request drops everything queued before it.
/// Completion callbacks run on the thread pool, never on the mixer thread.
/// <para>The mixer asks every participant's player each tick whether it has work; the queue's own emptiness check reads
/// three of its cache lines (the queue, its segment's head and slot), cold after 20 ms: with 2,000 participants about 2 %
/// of a core for nothing (issue 14). A count of the queued requests, beside <see cref="_current"/>, answers it instead.</para>
/// </summary>
internal sealed class PromptPlayer
{
    private readonly ConcurrentQueue<Request> _queue = new();
    private Request? _current;
    private int _queued; // requests in _queue: incremented after each enqueue, decremented after each dequeue
    private int _index;
    private int _position;
    private int _positionRate;
    private int _stopGeneration;

    /// <summary>True while something is playing or queued.</summary>
    internal bool HasWork => _current is not null || Volatile.Read(ref _queued) != 0;

    /// <summary>Queues a sequence (any thread). The callback runs once when the last prompt ends or when stopped.</summary>
    internal void Enqueue(AudioPrompt[] prompts, Action<PromptResult>? onCompleted)
    {
        Push(new Request(prompts, onCompleted, Volatile.Read(ref _stopGeneration)));
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

        while (TryPop(out Request? request))
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
                if (!TryPop(out Request? next))
                {
                    break;
                }

                _current = next;
                _index = 0;
                _position = next.StartPosition;
                _positionRate = next.StartPosition > 0 ? next.StartRate : sampleRate;
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

    /// <summary>
    /// Takes over what <paramref name="previous"/> was playing and had queued, from the sample it had reached, with the same
    /// callbacks (a codec change replaces the participant and its player: the IVR's prompt must go on, not end as Stopped).
    /// Call it only where no other thread plays either player (the mixer thread applying the move, before admitting the heir).
    /// </summary>
    internal void TakeOver(PromptPlayer previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        int stopped = Volatile.Read(ref previous._stopGeneration);
        int generation = Volatile.Read(ref _stopGeneration);
        if (previous._current is { } current)
        {
            if (current.Generation < stopped)
            {
                Complete(current, PromptResult.Stopped);
            }
            else if (previous._index >= current.Prompts.Length)
            {
                Complete(current, PromptResult.Completed);
            }
            else
            {
                Push(new Request(current.Prompts[previous._index..], current.Callback, generation, previous._position, previous._positionRate));
            }

            previous._current = null;
        }

        while (previous.TryPop(out Request? request))
        {
            if (request.Generation < stopped)
            {
                Complete(request, PromptResult.Stopped);
            }
            else
            {
                Push(request with { Generation = generation });
            }
        }
    }

    private void Push(Request request)
    {
        _queue.Enqueue(request);
        Interlocked.Increment(ref _queued);
    }

    private bool TryPop([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Request? request)
    {
        if (!_queue.TryDequeue(out request))
        {
            return false;
        }

        Interlocked.Decrement(ref _queued);
        return true;
    }

    private static void Complete(Request request, PromptResult result)
    {
        if (request.Callback is not null)
        {
            // The request is its own work item: completing a prompt on the mixer thread allocates nothing.
            request.Result = result;
            ThreadPool.UnsafeQueueUserWorkItem(request, preferLocal: false);
        }
    }

    /// <param name="StartPosition">Sample of the first prompt to start at (a sequence taken over mid-prompt), at <paramref name="StartRate"/>.</param>
    private sealed record Request(AudioPrompt[] Prompts, Action<PromptResult>? Callback, int Generation, int StartPosition = 0, int StartRate = 0)
        : IThreadPoolWorkItem
    {
        /// <summary>How it ended; set once, before it is queued to run its callback.</summary>
        public PromptResult Result { get; set; }

        void IThreadPoolWorkItem.Execute() => Callback!(Result);
    }
}
