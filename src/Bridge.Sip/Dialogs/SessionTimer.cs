using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;

namespace Bridge.Sip.Dialogs;

/// <summary>The two clocks of an RFC 4028 session timer on <see cref="TimeProvider"/>: when we are the refresher,
/// a refresh is due at half the interval (§7.4); either way the session expires, unless refreshed, at the interval
/// minus min(32 s, interval / 3) (§10). Every successful refresh restarts both.</summary>
internal sealed class SessionTimer : IDisposable
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(32);
    private readonly TimeProvider _time;
    private readonly SipTransactionTimer _refresh;
    private readonly SipTransactionTimer _expiry;
    private long _expiresAt;

    public SessionTimer(TimeProvider time, Action refreshDue, Action expired)
    {
        _time = time;
        _refresh = new SipTransactionTimer(time, refreshDue);
        _expiry = new SipTransactionTimer(time, expired);
    }

    /// <summary>The negotiated session interval; zero while no timer runs.</summary>
    public TimeSpan Interval { get; private set; }

    /// <summary>True when the bridge sends the refreshes.</summary>
    public bool WeRefresh { get; private set; }

    public bool IsRunning => Interval > TimeSpan.Zero;

    /// <summary>(Re)starts both clocks after a successful refresh (or the initial 2xx).</summary>
    public void Start(TimeSpan interval, bool weRefresh)
    {
        Interval = interval;
        WeRefresh = weRefresh;
        if (weRefresh)
        {
            _refresh.Start(interval / 2);
        }
        else
        {
            _refresh.Stop();
        }

        var expiry = ExpiryDelay(interval);
        Volatile.Write(ref _expiresAt, _time.GetTimestamp() + (long)(expiry.TotalSeconds * _time.TimestampFrequency));
        _expiry.Start(expiry);
    }

    /// <summary>How long until the session expires unrefreshed (zero when it has, or no timer runs).</summary>
    public TimeSpan TimeToExpiry
    {
        get
        {
            if (!IsRunning)
            {
                return TimeSpan.Zero;
            }

            var left = _time.GetElapsedTime(_time.GetTimestamp(), Volatile.Read(ref _expiresAt));
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>§10: the session is torn down this long after the last refresh.</summary>
    public static TimeSpan ExpiryDelay(TimeSpan interval)
    {
        var third = interval / 3;
        return interval - (third < ExpiryMargin ? third : ExpiryMargin);
    }

    /// <summary>RFC 4028 §9: a Session-Expires below our minimum gets 422 with our Min-SE.</summary>
    public static bool IsTooSmall(SipRequest request, TimeSpan minimum) =>
        SessionExpires.TryParse(request.Headers[SipHeaderNames.SessionExpires], out var asked) && TimeSpan.FromSeconds(asked.Seconds) < minimum;

    /// <summary>True when the message lists <paramref name="option"/> in Supported or Require.</summary>
    public static bool HasOption(SipMessage message, string option) =>
        HasListValue(message, SipHeaderNames.Supported, option) || HasListValue(message, SipHeaderNames.Require, option);

    /// <summary>True when a comma-list header (Allow, Supported, Require) holds <paramref name="value"/>.</summary>
    public static bool HasListValue(SipMessage message, string header, string value)
    {
        foreach (var item in message.Headers.GetValues(header))
        {
            if (string.Equals(item.Trim(), value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public void Stop()
    {
        Interval = TimeSpan.Zero;
        _refresh.Stop();
        _expiry.Stop();
    }

    public void Dispose() => Stop();
}
