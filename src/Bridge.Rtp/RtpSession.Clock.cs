namespace Bridge.Rtp;

/// <summary>The negotiated clock rates, set once the codec is known.</summary>
public sealed partial class RtpSession
{
    /// <summary>RTP clock rate of the audio stream now in use (SR timestamps, interarrival jitter).</summary>
    public int ClockRate => _options.ClockRate;

    /// <summary>RTP clock rate of the RFC 4733 events sent (event durations).</summary>
    public int EventClockRate => _eventSender.ClockRate;

    /// <summary>
    /// Sets the negotiated clock rates (the session is created before offer/answer, at 8000). <paramref name="audio"/>
    /// drives RTCP sender reports and jitter (RFC 3550 §6.4.1, A.8) — note G.722 uses 8000 (RFC 3551 §4.5.2), Opus
    /// 48000 (RFC 7587 §4.1); <paramref name="telephoneEvent"/> (RFC 4733 §2.1, as negotiated; 0: the audio clock) drives
    /// the durations of events sent. Call it before <see cref="Start"/>, and again when a re-offer changes the codec: the
    /// receive thread (jitter, silence hangover) and RTCP take the new rates from their next packet or report on; a digit
    /// being sent when the event clock changes is cut short.
    /// </summary>
    public void SetClockRates(int audio, int telephoneEvent = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(audio, 1000);
        int events = telephoneEvent > 0 ? telephoneEvent : audio;
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1000);
        Volatile.Write(ref _options, _options with { ClockRate = audio });
        if (_eventSender.ClockRate != events)
        {
            Volatile.Write(ref _eventSender, new TelephoneEventSender(events));
        }
    }
}
