using Bridge.Calls.Legs;
using Bridge.Conferencing;
using Bridge.Conferencing.Prompts;
using Bridge.DialPlans;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.Media.Prompts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Calls.Media;

/// <summary>
/// The mixer engine and everything legs share in it: the lobbies (one per mixer thread; callers in the IVR hear only
/// their own prompts and are heard by nobody), conference rooms, echo tests and the prompt cache.
/// </summary>
internal sealed partial class MediaHub : IRoomAudioFactory, IDisposable
{
    private readonly MixerEngine _engine;
    private readonly PromptLibrary _prompts;
    private readonly ILogger _logger;

    public MediaHub(PromptLibrary prompts, int mixerThreads, int mixerRealtimePriority = 0, ILogger? logger = null)
    {
        _prompts = prompts;
        _logger = logger ?? NullLogger.Instance;
        AudioCodecs.WarmUp();
        _engine = new MixerEngine(mixerThreads, mixerRealtimePriority, (room, exception, count) => LogTickError(room, count, exception));
        Lobbies = _engine.CreateLobbies();
        _engine.Start();
    }

    /// <summary>Where answered legs wait until a room admits them: one lobby per mixer thread.</summary>
    public IReadOnlyList<MixRoom> Lobbies { get; }

    public MixerEngine Engine => _engine;

    /// <summary>A prompt's audio; silence of its length when the file is missing (never throws, see <see cref="PromptLibrary"/>).</summary>
    public AudioPrompt GetPrompt(PromptRef prompt) => _prompts.Get(prompt);

    /// <summary>Puts a leg into the lobby of the least-loaded mixer thread: it hears its prompts only, and nobody hears it.</summary>
    public void EnterLobby(CallLeg leg) => leg.MoveTo(_engine.GetLobby(), hearsRoom: false, muted: true);

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Mixer room {Room}: {Count} exception(s) while ticking since the last report; latest:")]
    private partial void LogTickError(string room, long count, Exception exception);
}
