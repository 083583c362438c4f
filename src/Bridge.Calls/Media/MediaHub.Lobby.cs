namespace Bridge.Calls.Media;

/// <summary>The lobby for any kind of leg (browser legs wait there until the room admits them, as SIP legs do).</summary>
internal sealed partial class MediaHub
{
    /// <summary>Puts a leg into the lobby of the least-loaded mixer thread: it hears nothing, and nobody hears it.</summary>
    public void EnterLobby(IMixLeg leg) => leg.MoveTo(_engine.GetLobby(), hearsRoom: false, muted: true);
}
