using Bridge.Calls.Legs;
using Bridge.Conferencing;
using Bridge.Conferencing.Prompts;
using Bridge.DialPlans;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.Media.Prompts;

namespace Bridge.Calls.Media;

/// <summary>
/// The mixer engine and everything legs share in it: the lobby (callers in the IVR hear only their own
/// prompts and are heard by nobody), conference rooms, echo tests and the prompt cache.
/// </summary>
internal sealed class MediaHub : IRoomAudioFactory, IDisposable
{
    private readonly MixerEngine _engine;
    private readonly PromptLibrary _prompts;

    public MediaHub(PromptLibrary prompts, int mixerThreads, int mixerRealtimePriority = 0)
    {
        _prompts = prompts;
        AudioCodecs.WarmUp();
        _engine = new MixerEngine(mixerThreads, mixerRealtimePriority);
        Lobby = new MixRoom("lobby");
        _engine.AddRoom(Lobby);
        _engine.Start();
    }

    /// <summary>Where every answered leg waits until a room admits it.</summary>
    public MixRoom Lobby { get; }

    public MixerEngine Engine => _engine;

    /// <summary>A prompt's audio; silence of its length when the file is missing (never throws, see <see cref="PromptLibrary"/>).</summary>
    public AudioPrompt GetPrompt(PromptRef prompt) => _prompts.Get(prompt);

    /// <summary>Puts a fresh leg into the lobby: it hears its prompts only, and nobody hears it.</summary>
    public void EnterLobby(CallLeg leg) => leg.MoveTo(Lobby, hearsRoom: false, muted: true);

    public IRoomAudio Create(RoomConfig room)
    {
        var mix = new MixRoom("room-" + room.Number);
        _engine.AddRoom(mix);
        return new RoomAudio(mix, this);
    }

    internal void RemoveRoom(MixRoom room) => _ = _engine.RemoveRoomAsync(room);

    /// <summary>The echo test: the caller hears itself after <paramref name="delay"/>. The leg records into the returned test.</summary>
    public EchoTest StartEcho(CallLeg leg, TimeSpan delay)
    {
        var echo = new EchoTest(leg, delay);
        _engine.AddRoom(echo.Room);
        leg.MoveTo(echo.Room, hearsRoom: true, muted: false);
        // The echo port must be part of the conversation to be heard; deafened, it costs no mix of its own.
        echo.Room.Join(echo.Port, hearsRoom: true).Deafened = true;
        return echo;
    }

    public void StopEcho(EchoTest echo) => RemoveRoom(echo.Room);

    public void Dispose() => _engine.Dispose();
}
