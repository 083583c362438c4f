namespace Bridge.Rtp.Srtp;

/// <summary>
/// Holds one SRTP context that can be replaced while packet threads use it. A user enters (one interlocked increment),
/// checks that the context is still the current one, uses it and leaves; a replaced context is disposed by whoever sees
/// it retired with no user left, so a context is never disposed while a packet is inside it, and nothing waits or locks.
/// </summary>
/// <typeparam name="T">The context: <see cref="SrtpSender"/> or <see cref="SrtpReceiver"/>.</typeparam>
internal sealed class SrtpContextSlot<T>
    where T : class, IDisposable
{
    private volatile Holder? _current;

    public SrtpContextSlot(T? initial) => _current = initial is null ? null : new Holder(initial);

    /// <summary>True when a context is installed.</summary>
    public bool HasValue => _current is not null;

    /// <summary>Enters the current context; false when there is none. Call <see cref="Exit"/> with the holder after use.</summary>
    public bool TryEnter(out Holder holder)
    {
        while (true)
        {
            Holder? current = _current;
            if (current is null)
            {
                holder = null!;
                return false;
            }

            Interlocked.Increment(ref current.Users);
            if (ReferenceEquals(current, _current))
            {
                holder = current;
                return true;
            }

            Exit(current);
        }
    }

    /// <summary>Leaves a context entered with <see cref="TryEnter"/>; the last user of a retired context disposes it.</summary>
    public static void Exit(Holder holder)
    {
        if (Interlocked.Decrement(ref holder.Users) == 0 && Volatile.Read(ref holder.Retired) != 0)
        {
            holder.DisposeOnce();
        }
    }

    /// <summary>Installs <paramref name="next"/> (or nothing) and retires the previous context.</summary>
    public void Replace(T? next) => Install(next is null ? null : new Holder(next));

    /// <summary>Installs <paramref name="next"/> and hands back the previous context without retiring it (to move it to another slot).</summary>
    public Holder? Swap(T next) => Interlocked.Exchange(ref _current, new Holder(next));

    /// <summary>Installs a context taken from another slot (or nothing) and retires the one this slot held.</summary>
    public void Install(Holder? holder)
    {
        Holder? previous = Interlocked.Exchange(ref _current, holder);
        if (previous is null)
        {
            return;
        }

        Interlocked.Exchange(ref previous.Retired, 1);
        if (Volatile.Read(ref previous.Users) == 0)
        {
            previous.DisposeOnce();
        }
    }

    /// <summary>One installed context and its user count.</summary>
    internal sealed class Holder(T value)
    {
        public int Users;
        public int Retired;
        private int _disposed;

        public T Value { get; } = value;

        public void DisposeOnce()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Value.Dispose();
            }
        }
    }
}
