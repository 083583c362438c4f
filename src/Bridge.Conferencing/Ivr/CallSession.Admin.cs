namespace Bridge.Conferencing.Ivr;

/// <summary>The caller's side of admin actions and records: removal (<see cref="Admin.IConferenceAdmin.RemoveAsync"/>) and the last room.</summary>
internal sealed partial class CallSession
{
    private volatile string? _lastRoom;

    /// <summary>The last room this caller was admitted to (for its call record); kept after it left. Readable from any thread.</summary>
    internal string? LastRoom
    {
        get => _lastRoom;
        private set => _lastRoom = value;
    }

    /// <summary>An admin removed this caller: as with the page's Remove, it leaves its room, hears "a moderator has removed
    /// you" and "goodbye", and the leg is hung up (BYE).</summary>
    internal void RemovedByAdmin() => RemovedByModerator();
}
