using System.Net;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Roster;

namespace Bridge.Conferencing.Tests.Members;

/// <summary>A browser's leg as the conference logic sees it: a name, no spoken prompts (they complete at once).</summary>
internal sealed class WebLeg(string id, string name) : IConferenceLeg, IRosterIdentity, ILegEndReason
{
    public string Id { get; } = id;

    public CallerSource Source { get; } = new(IPAddress.Loopback, ConferenceService.BrowserUser);

    public bool IsMediaSecure => true;

    public ParticipantKind Kind => ParticipantKind.Browser;

    public string DisplayName { get; } = name;

    public int HangupCount { get; private set; }

    public void PlayPrompts(IReadOnlyList<PromptRef> prompts, Action onDone) => onDone();

    public void StopPrompts()
    {
    }

    public void StartEcho(TimeSpan delay)
    {
    }

    public void Hangup() => HangupCount++;

    /// <summary>The room's reason for ending it (the first one given), as a browser's leg keeps it for the page.</summary>
    public LegEndReason EndReason { get; private set; }

    public void EndingBecause(LegEndReason reason)
    {
        if (EndReason == LegEndReason.Other)
        {
            EndReason = reason;
        }
    }
}
