using System.Net;
using Bridge.Conferencing.Prompts;

namespace Bridge.Conferencing.Tests.Fakes;

/// <summary>A call leg that records what the conference logic asked of it.</summary>
internal sealed class FakeLeg(string id, CallerSource source, bool secure = true) : IConferenceLeg
{
    private Action? _pendingDone;

    public FakeLeg(string id, string user = "alice", string ip = "198.51.100.1", bool secure = true)
        : this(id, new CallerSource(IPAddress.Parse(ip), user), secure)
    {
    }

    public string Id { get; } = id;

    public CallerSource Source { get; } = source;

    public bool IsMediaSecure { get; } = secure;

    /// <summary>When true, prompts "finish" as soon as they are played.</summary>
    public bool AutoComplete { get; set; } = true;

    public List<PromptRef[]> Played { get; } = [];

    public int StopCount { get; private set; }

    public int HangupCount { get; private set; }

    public bool HungUp => HangupCount > 0;

    public TimeSpan? EchoDelay { get; private set; }

    public PromptId[] Last => Played.Count == 0 ? [] : [.. Played[^1].Select(p => p.Id)];

    public IEnumerable<PromptId> AllPrompts => Played.SelectMany(p => p).Select(p => p.Id);

    /// <summary>Waits until <paramref name="count"/> prompt lists were played (for work done off the control queue).</summary>
    public bool WaitForPlayed(int count, TimeSpan timeout)
    {
        lock (Played)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Played.Count < count)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(Played, left))
                {
                    return Played.Count >= count;
                }
            }

            return true;
        }
    }

    /// <summary>When set, playing prompts throws it (an application failure after the call was answered).</summary>
    public Exception? PlayFailure { get; set; }

    public void PlayPrompts(IReadOnlyList<PromptRef> prompts, Action onDone)
    {
        if (PlayFailure is { } failure)
        {
            throw failure;
        }

        lock (Played)
        {
            Played.Add([.. prompts]);
            Monitor.PulseAll(Played);
        }

        if (AutoComplete)
        {
            onDone();
        }
        else
        {
            _pendingDone = onDone;
        }
    }

    /// <summary>Finishes the prompts that are playing (when <see cref="AutoComplete"/> is off).</summary>
    public void FinishPrompts()
    {
        var done = _pendingDone;
        _pendingDone = null;
        done?.Invoke();
    }

    public void StopPrompts()
    {
        StopCount++;
        _pendingDone = null;
    }

    public void StartEcho(TimeSpan delay) => EchoDelay = delay;

    public void Hangup() => HangupCount++;
}
