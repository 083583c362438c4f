using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// The interarrival jitter of one received RTP stream, RFC 3550 §6.4.1 (code in §A.8): for each packet after the first,
/// D = (Rj - Ri) - (Sj - Si) in timestamp units of the payload's clock, and J += (|D| - J) / 16. Arrival times come from
/// <see cref="ArrivalClock"/> (the kernel's receive time where it can); two packets whose arrivals were taken on different
/// clocks are not paired. A new SSRC or a sequence jump of more than 100 restarts the estimate (the server may restart its
/// stream). <see cref="Add"/> runs on the receiving thread and allocates nothing; <see cref="Reset"/> and the figures are for
/// the harness's thread (the reset takes effect at the next packet; until then the figures read as none).
/// </summary>
internal sealed class ArrivalJitter
{
    private const int MaxSequenceJump = 100;

    private readonly double _unitsPerNanosecond;
    private readonly double _millisecondsPerUnit;
    private volatile int _resetPending;
    private bool _started;
    private uint _ssrc;
    private ushort _sequence;
    private uint _timestamp;
    private long _arrival;
    private bool _kernelArrival;
    private double _jitter;
    private double _published;
    private long _pairs;

    /// <param name="clockRate">The RTP clock of the payload, e.g. 8000 for PCMU (RFC 3551 §4.5.14).</param>
    public ArrivalJitter(int clockRate)
    {
        _unitsPerNanosecond = clockRate / 1e9;
        _millisecondsPerUnit = 1000.0 / clockRate;
    }

    /// <summary>The estimate in milliseconds, or null while there is none (no two packets paired since the last reset or restart).</summary>
    public double? Milliseconds =>
        _resetPending != 0 || Interlocked.Read(ref _pairs) == 0 ? null : Volatile.Read(ref _published) * _millisecondsPerUnit;

    /// <summary>Starts afresh at the next packet (the measuring window).</summary>
    public void Reset() => _resetPending = 1;

    /// <summary>
    /// One received packet of the stream: its SSRC, sequence number and RTP timestamp, and its arrival in nanoseconds on the
    /// clock that <paramref name="kernelArrival"/> names.
    /// </summary>
    public void Add(uint ssrc, ushort sequence, uint timestamp, long arrivalNanoseconds, bool kernelArrival)
    {
        if (_resetPending != 0)
        {
            Restart();
            _resetPending = 0;
        }

        short step = (short)(ushort)(sequence - _sequence);
        if (_started && (ssrc != _ssrc || Math.Abs((int)step) > MaxSequenceJump))
        {
            Restart();
        }

        if (_started && kernelArrival == _kernelArrival)
        {
            // §A.8: transit differences, not transit times (the two clocks have unrelated origins); the timestamp
            // difference is taken modulo 2^32 so that a wrap does not show.
            double d = ((arrivalNanoseconds - _arrival) * _unitsPerNanosecond) - (int)(timestamp - _timestamp);
            _jitter += (Math.Abs(d) - _jitter) / 16;
            Volatile.Write(ref _published, _jitter);
            Interlocked.Increment(ref _pairs);
        }

        _started = true;
        _ssrc = ssrc;
        _sequence = sequence;
        _timestamp = timestamp;
        _arrival = arrivalNanoseconds;
        _kernelArrival = kernelArrival;
    }

    /// <summary>"mean / max" in milliseconds over the streams that have an estimate, e.g. <c>0.12 / 0.45</c>; "-" if none has.</summary>
    public static string Summary(IEnumerable<ArrivalJitter> streams)
    {
        var figures = streams.Select(s => s.Milliseconds).OfType<double>().ToList();
        return figures.Count == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{figures.Average():F2} / {figures.Max():F2}");
    }

    private void Restart()
    {
        _started = false;
        _jitter = 0;
        Volatile.Write(ref _published, 0);
        Interlocked.Exchange(ref _pairs, 0);
    }
}
