using Bridge.Conferencing.Members;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Roster;

namespace Bridge.Conferencing.Ivr;

/// <summary>The caller's side of the room's lobby and of the moderator's removal: what a phone hears while it waits, and on the way out.</summary>
internal sealed partial class CallSession
{
    private static readonly TimeSpan LobbyLoopGap = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// In the lobby: a phone hears "please wait, a moderator will let you in", then the soft lobby tone again and again
    /// until it is admitted (the admission's prompt replaces it) or denied. A browser's page shows the waiting state itself.
    /// </summary>
    internal void EnterLobby()
    {
        if (Leg is IRosterIdentity || _phase != CallPhase.InRoom)
        {
            return;
        }

        Play([PromptCatalog.Get(PromptId.LobbyWait, _language), PromptCatalog.Get(PromptId.LobbyMusic, _language)], NextLobbyLoop);
    }

    /// <summary>A moderator turned this caller away from the lobby: it leaves, hears why, and is hung up (BYE).</summary>
    internal void DeniedFromLobby()
    {
        MemberLog.DeniedFromLobby(_service.Logger, Leg.Id, _room?.Number ?? "-");
        NoteEndReason(LegEndReason.Denied);
        EndWith(PromptId.LobbyDenied, PromptId.Goodbye);
    }

    /// <summary>A moderator removed this caller from the page: it hears so, then goodbye, and is hung up (BYE).</summary>
    internal void RemovedByModerator()
    {
        NoteEndReason(LegEndReason.Removed);
        EndWith(PromptId.Removed, PromptId.Goodbye);
    }

    /// <summary>The next round of the tone starts from a timer, not from the completion itself: a leg that reports prompts
    /// done at once cannot spin the queue.</summary>
    private void NextLobbyLoop() => Arm(LobbyLoopGap, LoopLobby);

    private void LoopLobby()
    {
        if (_phase == CallPhase.InRoom && Room is { } room && room.IsWaiting(this))
        {
            Play([PromptCatalog.Get(PromptId.LobbyMusic, _language)], NextLobbyLoop);
        }
    }
}
