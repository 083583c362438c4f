using System.Collections.Concurrent;
using Bridge.Conferencing;
using Bridge.Conferencing.Browser;

namespace Bridge.Web.Tests.Fakes;

/// <summary>A participant of our own interface that records what the web layer did to it.</summary>
internal sealed class FakeBrowserParticipant(string id, ConferenceRole role, string displayName, string offer) : IBrowserParticipant, IBrowserVideo, IBrowserEndReason, IBrowserPausedVideo
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposeCount;

    public string Id { get; } = id;

    /// <summary>A real browser's offer gets an answer it accepts; the tests' own offers get a marker text.</summary>
    public string AnswerSdp => Offer.Contains("m=audio", StringComparison.Ordinal) ? FakeAnswer.For(Offer) : "v=0\r\ns=fake answer for " + Id + "\r\n";

    public ConferenceRole Role { get; } = role;

    public string DisplayName { get; } = displayName;

    public string Offer { get; } = offer;

    public Task Ended => _ended.Task;

    /// <summary>Completes when the web layer disposed (left) the participant.</summary>
    public Task Disposed => _disposed.Task;

    public int DisposeCount => Volatile.Read(ref _disposeCount);

    public ConcurrentQueue<bool> MuteCalls { get; } = new();

    public void SetMuted(bool muted) => MuteCalls.Enqueue(muted);

    public event EventHandler? VideoChanged;

    /// <summary>What <see cref="GetVideoSlots"/> answers; <see cref="SetVideoSlots"/> changes it and raises the event.</summary>
    private volatile IReadOnlyList<BrowserVideoSlot> _slots = [];

    public ConcurrentQueue<bool> ScreenCalls { get; } = new();

    public IReadOnlyList<BrowserVideoSlot> GetVideoSlots() => _slots;

    public void SetVideoSlots(params BrowserVideoSlot[] slots)
    {
        _slots = slots;
        VideoChanged?.Invoke(this, EventArgs.Empty);
    }

    private volatile IReadOnlyList<BrowserPausedVideo> _paused = [];

    public IReadOnlyList<BrowserPausedVideo> GetPausedVideos() => _paused;

    /// <summary>Sets the slots and the paused videos together and raises the event once.</summary>
    public void SetVideo(BrowserVideoSlot[] slots, params BrowserPausedVideo[] paused)
    {
        _slots = slots;
        _paused = paused;
        VideoChanged?.Invoke(this, EventArgs.Empty);
    }

    public void SetScreenSharing(bool sharing) => ScreenCalls.Enqueue(sharing);

    public LegEndReason EndReason { get; private set; }

    /// <summary>The bridge ended the participant (removed, room closed), with the room's reason.</summary>
    public void End(LegEndReason reason = LegEndReason.Other)
    {
        EndReason = reason;
        _ended.TrySetResult();
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref _disposeCount);
        _ended.TrySetResult();
        _disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
