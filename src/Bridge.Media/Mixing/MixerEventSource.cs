using System.Diagnostics.Tracing;

namespace Bridge.Media.Mixing;

/// <summary>
/// The mixer's events for a tracer (<c>dotnet-trace collect -p PID --providers Bridge-Mixer</c>): one per tick that ended after
/// the next tick's deadline, with how late it started and how long it ran, so an overrun can be lined up with what else the
/// trace holds (a collection, a thread's wake-up). Nothing is written, and nothing is allocated, while no tracer listens.
/// </summary>
[EventSource(Name = "Bridge-Mixer")]
internal sealed class MixerEventSource : EventSource
{
    public static readonly MixerEventSource Log = new();

    private MixerEventSource()
    {
    }

    /// <summary>A tick of mixer thread <paramref name="thread"/> ended after the next deadline.</summary>
    [Event(1, Level = EventLevel.Warning, Message = "Mixer {0}: tick started {1} µs late and ran {2} µs")]
    public void Overrun(long thread, long latenessMicros, long durationMicros) => WriteEvent(1, thread, latenessMicros, durationMicros);
}
