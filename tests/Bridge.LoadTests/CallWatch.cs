using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bridge.LoadTests;

/// <summary>
/// Follows the harness's calls through the bridge's log lines (<c>Call {CallId} asks for the PIN of room {Room}</c>, then
/// <c>Call {CallId} joined room {Room} as {Role}</c>): the PIN is keyed when the bridge asks for it, and a caller counts as
/// admitted when the bridge says it joined. Times are taken when the line arrives (Stopwatch ticks). The GC pause total
/// of the bridge's periodic <c>Mixer: …</c> report is kept too (a collection that pauses the process stops the mixer).
/// </summary>
internal sealed class CallWatch : IDisposable
{
    private const string AsksMarker = " asks for the PIN of room ";
    private const string JoinedMarker = " joined room ";
    private const string GcMarker = " ms in all";
    private const string PausedMarker = "paused ";
    private long _gcPausedMs;
    private readonly ConcurrentDictionary<string, Progress> _calls = new();
    private readonly BridgeServer _server;

    public CallWatch(BridgeServer server)
    {
        _server = server;
        server.Line += OnLine;
    }

    /// <summary>One call's way in: the bridge asked for the PIN, the bridge admitted it (with the Stopwatch time).</summary>
    public sealed class Progress
    {
        public TaskCompletionSource PinAsked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<long> Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Starts following <paramref name="callId"/> (before its INVITE is sent).</summary>
    public Progress Watch(string callId) => _calls.GetOrAdd(callId, static _ => new Progress());

    public void Forget(string callId) => _calls.TryRemove(callId, out _);

    /// <summary>The bridge's total GC pause time, from its latest <c>Mixer: …</c> report.</summary>
    public long GcPausedMs => Interlocked.Read(ref _gcPausedMs);

    private void OnLine(string line)
    {
        int asks = line.IndexOf(AsksMarker, StringComparison.Ordinal);
        int joined = asks < 0 ? line.IndexOf(JoinedMarker, StringComparison.Ordinal) : -1;
        int end = asks >= 0 ? asks : joined;
        if (end < 0)
        {
            ReadGcPause(line);
            return;
        }

        int start = line.LastIndexOf("Call ", end, StringComparison.Ordinal);
        if (start < 0 || !_calls.TryGetValue(line[(start + 5)..end], out var progress))
        {
            return;
        }

        if (asks >= 0)
        {
            progress.PinAsked.TrySetResult();
        }
        else
        {
            progress.Joined.TrySetResult(Stopwatch.GetTimestamp());
        }
    }

    /// <summary><c>Mixer: … GC gen0 … paused {GcPauseMs} ms in all</c> (MixerStatsReporter).</summary>
    private void ReadGcPause(string line)
    {
        if (!line.EndsWith(GcMarker, StringComparison.Ordinal) || !line.Contains("Mixer: ", StringComparison.Ordinal))
        {
            return;
        }

        int start = line.LastIndexOf(PausedMarker, StringComparison.Ordinal) + PausedMarker.Length;
        if (start >= PausedMarker.Length
            && long.TryParse(line.AsSpan(start, line.Length - GcMarker.Length - start), System.Globalization.CultureInfo.InvariantCulture, out long paused))
        {
            Interlocked.Exchange(ref _gcPausedMs, paused);
        }
    }

    public void Dispose() => _server.Line -= OnLine;
}
