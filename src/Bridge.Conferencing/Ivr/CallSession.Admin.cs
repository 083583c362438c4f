using Bridge.Conferencing.Prompts;

namespace Bridge.Conferencing.Ivr;

/// <summary>The caller's side of an admin removal (<see cref="Admin.IConferenceAdmin.RemoveAsync"/>).</summary>
internal sealed partial class CallSession
{
    /// <summary>An admin removed this caller: it leaves its room, hears "goodbye", and the leg is hung up (BYE).</summary>
    internal void RemovedByAdmin() => EndWith(PromptId.Goodbye);
}
