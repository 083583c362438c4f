using Bridge.Conferencing.Ivr;
using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Rooms;
using Bridge.DialPlans;
using Bridge.DialPlans.Scheduling;
using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing;

/// <summary>
/// The conference logic: routes calls with the dial plan, runs the IVR (number, PIN), applies the PIN
/// policy, and keeps the rooms. Knows calls and media only through <see cref="IConferenceLeg"/> and
/// <see cref="IRoomAudio"/>. All state changes run one at a time on an internal queue.
/// </summary>
public sealed partial class ConferenceService
{
    private readonly IRoomAudioFactory _audioFactory;
    private readonly IControlQueue _queue;
    private readonly Dictionary<string, ConferenceRoom> _rooms = new(StringComparer.Ordinal);

    /// <summary>Creates the service; it does nothing until calls arrive.</summary>
    public ConferenceService(
        IDialPlanProvider dialPlans,
        PinPolicy pinPolicy,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IRoomAudioFactory audioFactory,
        ConferenceOptions? options = null)
        : this(dialPlans, pinPolicy, timeProvider, loggerFactory, audioFactory, options, queue: null)
    {
    }

    /// <summary>Creates the service on <paramref name="queue"/> (null: its own <see cref="SerialQueue"/>); tests pass a queue they pump.</summary>
    internal ConferenceService(
        IDialPlanProvider dialPlans,
        PinPolicy pinPolicy,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IRoomAudioFactory audioFactory,
        ConferenceOptions? options,
        Func<Action<Exception>, IControlQueue>? queue)
    {
        ArgumentNullException.ThrowIfNull(dialPlans);
        ArgumentNullException.ThrowIfNull(pinPolicy);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(audioFactory);
        DialPlans = dialPlans;
        Pins = pinPolicy;
        Time = timeProvider;
        Logger = loggerFactory.CreateLogger<ConferenceService>();
        _audioFactory = audioFactory;
        Options = options ?? new ConferenceOptions();
        PinChecks = new PinCheckLimiter(Options.MaxConcurrentPinChecks, Options.MaxWaitingPinChecks, Options.RunInBackground);
        Action<Exception> onError = ex => ConferenceLog.ActionFailed(Logger, ex);
        _queue = queue is null ? new SerialQueue(onError) : queue(onError);
    }

    internal IDialPlanProvider DialPlans { get; }

    internal PinPolicy Pins { get; }

    /// <summary>Bounds the PBKDF2 work of PIN checks across all calls.</summary>
    internal PinCheckLimiter PinChecks { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal ConferenceOptions Options { get; }

    /// <summary>
    /// Routes a new INVITE by its Request-URI user part. For <see cref="RouteDecisionKind.Reject"/> answer
    /// with <see cref="RouteDecision.Status"/> and stop; otherwise negotiate media honouring
    /// <see cref="RouteDecision.Media"/>, answer, and call <see cref="HandleNewCall"/>.
    /// </summary>
    public RouteDecision Route(string dialledUser) => DialPlans.Current.Match(dialledUser);

    /// <summary>
    /// Takes over an answered call: plays the welcome, runs the IVR and puts the caller in a room (or runs
    /// the echo test). Feed the caller's digits and hang-up through the returned <see cref="ConferenceCall"/>.
    /// </summary>
    public ConferenceCall HandleNewCall(IConferenceLeg leg, RouteDecision decision)
    {
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(decision);
        var session = new CallSession(this, leg);
        PostForCall(session, () => session.Start(decision));
        return new ConferenceCall(this, session);
    }

    /// <summary>Plays "the conference will end in five minutes" to a room (scheduled end). False when the room is not open.</summary>
    public bool AnnounceEndingSoon(string roomNumber) => OnRoom(roomNumber, room => room.AnnounceEndingSoon());

    /// <summary>Ends a room now: everyone hears "the conference has ended" and is hung up. False when the room is not open.</summary>
    public bool EndConference(string roomNumber) => OnRoom(roomNumber, room => room.EndAll());

    internal void Post(Action action) => _queue.Post(action);

    /// <summary>Finds or opens the room and lets the caller in; a room that admits nobody closes again.</summary>
    internal AdmitResult Admit(CallSession session, RoomConfig config, ConferenceRole role, out ConferenceRoom? room)
    {
        if (!MeetingCalendar.IsOpen(config, Time.GetUtcNow()))
        {
            room = null;
            return AdmitResult.NotOpen;
        }

        if (!_rooms.TryGetValue(config.Number, out room))
        {
            IRoomAudio audio;
            try
            {
                audio = _audioFactory.Create(config);
            }
#pragma warning disable CA1031 // the media layer failing must end this call cleanly, not the control loop
            catch (Exception ex)
#pragma warning restore CA1031
            {
                ConferenceLog.RoomAudioFailed(Logger, ex, config.Number);
                room = null;
                return AdmitResult.Unavailable;
            }

            room = new ConferenceRoom(this, config, audio, Time.GetUtcNow());
            _rooms.Add(config.Number, room);
            ConferenceLog.RoomOpened(Logger, config.Number);
        }

        var result = room.Admit(session, role);
        if (result != AdmitResult.Admitted && room.IsEmpty)
        {
            room.EndAll(); // closes it: nobody is inside
        }

        return result;
    }

    internal void RemoveRoom(ConferenceRoom room)
    {
        if (_rooms.TryGetValue(room.Config.Number, out var current) && current == room)
        {
            _rooms.Remove(room.Config.Number);
        }

        PublishRoom(room);
    }

    private bool OnRoom(string roomNumber, Action<ConferenceRoom> action)
    {
        ArgumentNullException.ThrowIfNull(roomNumber);
        var open = false;
        foreach (var snapshot in Rooms)
        {
            open |= string.Equals(snapshot.Number, roomNumber, StringComparison.Ordinal);
        }

        if (open)
        {
            Post(() =>
            {
                if (_rooms.TryGetValue(roomNumber, out var room))
                {
                    action(room);
                }
            });
        }

        return open;
    }
}
