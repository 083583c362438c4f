using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Rooms;
using Bridge.DialPlans;

namespace Bridge.Conferencing.Ivr;

/// <summary>
/// One call's state machine: conference number → PIN → room, driven by digits (RFC 4733 events or SIP
/// INFO, decoded by the leg) and timeouts on <see cref="TimeProvider"/>. <c>#</c> ends an entry, <c>*</c>
/// clears it. Runs only on the service's <see cref="SerialQueue"/>. Digits typed during PIN entry are
/// never logged and are wiped once checked.
/// </summary>
internal sealed partial class CallSession
{
    private static readonly TimeSpan FailsafeHangup = TimeSpan.FromSeconds(60);

    private readonly ConferenceService _service;
    private readonly ConferenceOptions _options;
    private readonly char[] _entry;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _entryLength;
    private bool _entryOverflow;
    private CallPhase _phase = CallPhase.Starting;
    private RoomConfig? _room;
    private string _language;
    private int _pinFailures;
    private int _roomFailures;
    private PromptId _question;
    private bool _repeated;
    private int _promptToken;
    private bool _playing;
    private ITimer? _timer;
    private int _timerToken;
    private bool _starPending;
    private long _starAt;
    private int _verifyToken;
    private bool _moderatorOnly;

    internal CallSession(ConferenceService service, IConferenceLeg leg)
    {
        _service = service;
        _options = service.Options;
        Leg = leg;
        _entry = new char[_options.MaxEntryLength];
        _language = _options.DefaultLanguage;
    }

    internal IConferenceLeg Leg { get; }

    internal ConferenceRoom? Room { get; private set; }

    internal ConferenceRole Role { get; private set; }

    internal CallPhase Phase => _phase;

    internal string Language => _language;

    internal Task Completion => _completion.Task;

    internal void Start(RouteDecision decision)
    {
        ConferenceLog.CallStarted(_service.Logger, Leg.Id, Leg.Source.MaskedUser, decision.Kind);
        switch (decision.Kind)
        {
            case RouteDecisionKind.Echo:
                _phase = CallPhase.Echo;
                Play([PromptCatalog.Get(PromptId.EchoTest, _language)], () =>
                {
                    Leg.StartEcho(_options.EchoDelay);
                    Arm(_options.EchoMaxDuration, Hangup);
                });
                break;
            case RouteDecisionKind.AskRoom:
                _phase = CallPhase.EnteringRoom;
                Ask(PromptId.EnterConferenceNumber, PromptId.Welcome);
                break;
            case RouteDecisionKind.Room when decision.RoomNumber is { } number
                && _service.DialPlans.Current.TryGetRoom(number, out var room):
                BeginPin(room, welcome: true);
                break;
            case RouteDecisionKind.Room:
                EndWith(PromptId.NotPossible, PromptId.Goodbye);
                break;
            case RouteDecisionKind.Invited:
                StartInvited(decision);
                break;
            default:
                Hangup(); // a Reject decision should have been answered with its SIP status before the call was accepted
                break;
        }
    }

    internal void OnDigit(char digit)
    {
        switch (_phase)
        {
            case CallPhase.EnteringRoom or CallPhase.EnteringPin:
                OnEntryDigit(digit);
                break;
            case CallPhase.InRoom:
                OnRoomDigit(digit);
                break;
            case CallPhase.Invited:
                OnInvitedDigit(digit);
                break;
        }
    }

    internal void OnRemoteHangup()
    {
        if (_phase == CallPhase.Ended)
        {
            return;
        }

        Finish("remote hang-up");
    }

    /// <summary>Plays prompts to this caller while in a room (announcements, command feedback).</summary>
    internal void PlayInRoom(IReadOnlyList<PromptRef> prompts)
    {
        if (_phase == CallPhase.InRoom)
        {
            Play(prompts, null);
        }
    }

    /// <summary>The room ended (moderator left, scheduled end): it already removed this caller.</summary>
    internal void RoomEnded()
    {
        Room = null;
        NoteEndReason(LegEndReason.MeetingEnded);
        EndWith(PromptId.ConferenceEnded, PromptId.Goodbye);
    }

    internal void Hangup()
    {
        if (_phase == CallPhase.Ended)
        {
            return;
        }

        Finish("hung up by bridge");
        Leg.Hangup();
    }

    private void Finish(string reason)
    {
        _phase = CallPhase.Ended;
        CancelTimer();
        ClearEntry();
        _promptToken++;
        if (Room is { } room)
        {
            Room = null;
            room.Leave(this);
        }

        ConferenceLog.CallEnded(_service.Logger, Leg.Id, reason);
        _completion.TrySetResult();
    }

    private void OnEntryDigit(char digit)
    {
        if (_playing)
        {
            Leg.StopPrompts(); // barge-in: the caller knows what to type
            _playing = false;
            _promptToken++;
        }

        CancelTimer();
        switch (digit)
        {
            case '*':
                ClearEntry();
                break;
            case '#':
                Submit();
                return;
            case >= '0' and <= '9':
                if (_entryLength < _entry.Length)
                {
                    _entry[_entryLength++] = digit;
                }
                else
                {
                    _entryOverflow = true;
                }

                break;
        }

        ArmInput();
    }

    private void Submit()
    {
        if (_phase == CallPhase.EnteringRoom)
        {
            SubmitRoom();
        }
        else
        {
            SubmitPin();
        }
    }

    private void SubmitRoom()
    {
        var number = _entryOverflow ? string.Empty : new string(_entry, 0, _entryLength);
        ClearEntry();
        if (number.Length > 0 && _service.DialPlans.Current.TryGetRoom(number, out var room))
        {
            BeginPin(room, welcome: false);
            return;
        }

        _roomFailures++;
        ConferenceLog.UnknownRoom(_service.Logger, Leg.Id, _roomFailures);
        if (_roomFailures >= _options.MaxRoomAttempts)
        {
            EndWith(PromptId.InvalidConferenceNumber, PromptId.Goodbye);
        }
        else
        {
            Ask(PromptId.EnterConferenceNumber, PromptId.InvalidConferenceNumber);
        }
    }

    private void BeginPin(RoomConfig room, bool welcome)
    {
        _room = room;
        _language = room.Language;
        if (room.Media == MediaPolicy.Secure && !Leg.IsMediaSecure)
        {
            ConferenceLog.InsecureMediaRefused(_service.Logger, Leg.Id, room.Number);
            EndWith(PromptId.NotPossible, PromptId.Goodbye);
            return;
        }

        if (_service.Pins.Check(Leg.Source, room.Number).LockedOut)
        {
            EndWith(PromptId.NotPossible, PromptId.Goodbye);
            return;
        }

        _phase = CallPhase.EnteringPin;
        ConferenceLog.AsksForPin(_service.Logger, Leg.Id, room.Number);
        if (welcome)
        {
            Ask(PromptId.EnterPin, PromptId.Welcome);
        }
        else
        {
            Ask(PromptId.EnterPin);
        }
    }

    private void SubmitPin()
    {
        var gate = _service.Pins.Check(Leg.Source, _room!.Number);
        if (gate.LockedOut)
        {
            ClearEntry();
            EndWith(PromptId.NotPossible, PromptId.Goodbye);
            return;
        }

        _moderatorOnly = gate.ModeratorOnly;

        if (gate.Delay > TimeSpan.Zero)
        {
            _phase = CallPhase.CheckingPin; // slow mode: the answer comes later, digits are ignored meanwhile
            Arm(gate.Delay, VerifyPin);
            return;
        }

        VerifyPin();
    }

    private void VerifyPin()
    {
        var room = _room!;
        var overflow = _entryOverflow;
        var moderatorOnly = _moderatorOnly;
        if (room.Pin.IsHashed || room.ModeratorPin is { IsHashed: true })
        {
            // PBKDF2 costs tens of milliseconds: derive in the background with bounded concurrency (a flood of attempts
            // must not take the CPU from the mixer), then come back to the queue with the verdict.
            var copy = _entry.AsSpan(0, _entryLength).ToArray();
            ClearEntry();
            _phase = CallPhase.CheckingPin;
            var token = ++_verifyToken;
            var started = _service.PinChecks.TryRun(() =>
            {
                var (isParticipant, isModerator) = Compare(room, copy, moderatorOnly);
                Array.Clear(copy);
                _service.Post(() =>
                {
                    if (token == _verifyToken && _phase == CallPhase.CheckingPin)
                    {
                        Decide(room, !overflow && isParticipant, !overflow && isModerator);
                    }
                });
            });
            if (!started)
            {
                // Too many checks already wait: answer "not possible" without a check; not a wrong PIN, but it uses an attempt.
                Array.Clear(copy);
                PinCheckLog.Busy(_service.Logger, Leg.Id);
                _pinFailures++;
                if (_pinFailures >= _options.MaxPinAttempts)
                {
                    EndWith(PromptId.NotPossible, PromptId.Goodbye);
                }
                else
                {
                    _phase = CallPhase.EnteringPin;
                    Ask(PromptId.EnterPin, PromptId.NotPossible);
                }
            }

            return;
        }

        var (participant, moderator) = Compare(room, _entry.AsSpan(0, _entryLength), moderatorOnly);
        ClearEntry();
        Decide(room, !overflow && participant, !overflow && moderator);
    }

    /// <summary>
    /// Both comparisons always run, each in constant time, so timing tells nothing about either PIN. With
    /// <paramref name="moderatorOnly"/> (a new source in a room under attack) the participant PIN is not checked at all.
    /// </summary>
    private static (bool Participant, bool Moderator) Compare(RoomConfig room, ReadOnlySpan<char> entered, bool moderatorOnly)
    {
        var isParticipant = !moderatorOnly && room.Pin.Matches(entered);
        var isModerator = room.ModeratorPin is { } moderatorPin && moderatorPin.Matches(entered);
        return (isParticipant, isModerator);
    }

    private void Decide(RoomConfig room, bool isParticipant, bool isModerator)
    {
        if (isParticipant || isModerator)
        {
            _service.Pins.RecordSuccess(Leg.Source, room.Number);
            Join(isModerator ? ConferenceRole.Moderator : ConferenceRole.Participant);
            return;
        }

        _pinFailures++;
        if (_moderatorOnly)
        {
            // A new source in a room under attack: refused whatever it typed, so a right guess is worth nothing.
            _service.Pins.RecordRefusedUnderAttack(Leg.Source, room.Number);
            EndWith(PromptId.NotPossible, PromptId.Goodbye);
            return;
        }

        var outcome = _service.Pins.RecordFailure(Leg.Source, room.Number);
        if (outcome.LockedOut)
        {
            EndWith(PromptId.WrongPin, PromptId.NotPossible, PromptId.Goodbye);
        }
        else if (_pinFailures >= _options.MaxPinAttempts)
        {
            EndWith(PromptId.WrongPin, PromptId.Goodbye);
        }
        else
        {
            _phase = CallPhase.EnteringPin;
            Ask(PromptId.EnterPin, PromptId.WrongPin);
        }
    }

    private void Join(ConferenceRole role)
    {
        var room = _room!;
        var result = _service.Admit(this, room, role, out var joined);
        switch (result)
        {
            case AdmitResult.Admitted:
                _phase = CallPhase.InRoom;
                Role = role;
                Room = joined;
                LastRoom = room.Number;
                ConferenceLog.Joined(_service.Logger, Leg.Id, room.Number, role);
                joined!.Announce(this);
                break;
            case AdmitResult.Full:
                EndWith(PromptId.RoomFull, PromptId.Goodbye);
                break;
            case AdmitResult.Locked:
                EndWith(PromptId.RoomLocked, PromptId.Goodbye);
                break;
            case AdmitResult.NotOpen:
                ConferenceLog.NotOpen(_service.Logger, Leg.Id, room.Number);
                EndWith(PromptId.ConferenceNotOpen, PromptId.Goodbye);
                break;
            default:
                EndWith(PromptId.NotPossible, PromptId.Goodbye);
                break;
        }
    }

    private void OnRoomDigit(char digit)
    {
        if (OnDialOutDigit(digit))
        {
            return;
        }

        if (digit == '*')
        {
            _starPending = true;
            _starAt = _service.Time.GetTimestamp();
            return;
        }

        if (!_starPending)
        {
            return;
        }

        _starPending = false;
        if (_service.Time.GetElapsedTime(_starAt) <= _options.StarCommandTimeout && !TryBeginDialOut(digit))
        {
            Room?.Command(this, digit);
        }
    }

    private void EndWith(params PromptId[] prompts)
    {
        if (_phase is CallPhase.Ending or CallPhase.Ended)
        {
            return;
        }

        if (Room is { } room)
        {
            Room = null;
            room.Leave(this);
        }

        _phase = CallPhase.Ending;
        CancelTimer();
        ClearEntry();
        Play(ToPrompts(prompts), Hangup);
        if (_phase == CallPhase.Ending)
        {
            Arm(FailsafeHangup, Hangup); // the leg never reported the prompts done
        }
    }

    /// <summary>Plays the question (after optional lead-in prompts); the input timeout starts once it has played.</summary>
    private void Ask(PromptId question, params PromptId[] before)
    {
        _question = question;
        _repeated = false;
        CancelTimer();
        ClearEntry();
        var prompts = new PromptId[before.Length + 1];
        before.CopyTo(prompts, 0);
        prompts[^1] = question;
        Play(ToPrompts(prompts), ArmInput);
    }

    private void ArmInput() => Arm(_options.InputTimeout, OnInputTimeout);

    private void OnInputTimeout()
    {
        if (_phase is not (CallPhase.EnteringRoom or CallPhase.EnteringPin))
        {
            return;
        }

        ClearEntry();
        if (_repeated)
        {
            EndWith(PromptId.Goodbye);
            return;
        }

        _repeated = true;
        Play(ToPrompts([_question]), ArmInput);
    }

    private void Play(IReadOnlyList<PromptRef> prompts, Action? then)
    {
        var token = ++_promptToken;
        _playing = true;
        Leg.PlayPrompts(prompts, () => _service.Post(() =>
        {
            if (token != _promptToken || _phase == CallPhase.Ended)
            {
                return;
            }

            _playing = false;
            then?.Invoke();
        }));
    }

    private PromptRef[] ToPrompts(PromptId[] ids)
    {
        var prompts = new PromptRef[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            prompts[i] = PromptCatalog.Get(ids[i], _language);
        }

        return prompts;
    }

    private void Arm(TimeSpan due, Action action)
    {
        CancelTimer();
        var token = ++_timerToken;
        _timer = _service.Time.CreateTimer(
            _ => _service.Post(() =>
            {
                if (token == _timerToken && _phase != CallPhase.Ended)
                {
                    action();
                }
            }),
            null,
            due,
            Timeout.InfiniteTimeSpan);
    }

    private void CancelTimer()
    {
        _timerToken++;
        _timer?.Dispose();
        _timer = null;
    }

    private void ClearEntry()
    {
        Array.Clear(_entry);
        _entryLength = 0;
        _entryOverflow = false;
    }
}
