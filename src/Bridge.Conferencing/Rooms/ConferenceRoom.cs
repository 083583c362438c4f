using Bridge.Conferencing.Ivr;
using Bridge.Conferencing.Prompts;
using Bridge.DialPlans;

namespace Bridge.Conferencing.Rooms;

/// <summary>
/// An open conference: opened when its first caller is admitted, closed when the last one leaves.
/// Holds who is in, their roles and mute state, the lock, and the waiting-for-moderator rule, and tells
/// the mixer (<see cref="IRoomAudio"/>) about every change. Runs only on the service's queue.
/// </summary>
internal sealed partial class ConferenceRoom
{
    private readonly ConferenceService _service;
    private readonly IRoomAudio _audio;
    private readonly List<RoomMember> _members = [];
    private bool _closed;

    internal ConferenceRoom(ConferenceService service, RoomConfig config, IRoomAudio audio, DateTimeOffset openedAt)
    {
        _service = service;
        Config = config;
        _audio = audio;
        OpenedAt = openedAt;
    }

    internal RoomConfig Config { get; }

    internal DateTimeOffset OpenedAt { get; }

    internal bool Locked { get; private set; }

    internal int ModeratorCount { get; private set; }

    internal int Count => _members.Count;

    internal bool IsEmpty => _members.Count == 0;

    private string Language => Config.Language;

    /// <summary>Lets a caller in, unless the room is locked (moderators still enter) or full.</summary>
    internal AdmitResult Admit(CallSession session, ConferenceRole role)
    {
        if (_closed)
        {
            return AdmitResult.Unavailable;
        }

        if (Locked && role != ConferenceRole.Moderator)
        {
            return AdmitResult.Locked;
        }

        if (Config.MaxParticipants > 0 && _members.Count >= Config.MaxParticipants)
        {
            return AdmitResult.Full;
        }

        var waiting = Config.WaitForModerator && role != ConferenceRole.Moderator && ModeratorCount == 0;
        var lobby = Config.Lobby && role != ConferenceRole.Moderator; // the moderator PIN skips the lobby
        var member = new RoomMember(session, role)
        {
            Muted = Config.MuteOnJoin && role != ConferenceRole.Moderator,
            HearsRoom = !waiting,
            Waiting = lobby,
        };

        if (Config.AnnounceJoinLeave && _members.Count > 0 && !lobby)
        {
            _audio.PlayToRoom(PromptCatalog.Get(PromptId.ParticipantJoined, Language));
        }

        _members.Add(member);
        _audio.Add(session.Leg);
        if (member.Muted || lobby)
        {
            _audio.SetMuted(session.Leg, true);
        }

        if (!member.HearsRoom || lobby)
        {
            _audio.SetHearsRoom(session.Leg, false);
        }

        if (role == ConferenceRole.Moderator)
        {
            ModeratorCount++;
            if (ModeratorCount == 1 && Config.WaitForModerator)
            {
                foreach (var other in _members)
                {
                    if (!other.HearsRoom && !other.Waiting)
                    {
                        other.HearsRoom = true;
                        _audio.SetHearsRoom(other.Session.Leg, true);
                    }
                }
            }
        }

        if (lobby)
        {
            KnockForModerators(member);
        }

        _service.PublishRoom(this);
        return AdmitResult.Admitted;
    }

    /// <summary>Tells a newly admitted caller how many others are here, and whether they wait or are muted.</summary>
    internal void Announce(CallSession session)
    {
        var member = Find(session);
        if (member is null)
        {
            return;
        }

        if (member.Waiting)
        {
            session.EnterLobby();
            return;
        }

        var prompts = new List<PromptRef>(PromptCatalog.ParticipantCount(AdmittedCount - 1, Language));
        if (!member.HearsRoom)
        {
            prompts.Add(PromptCatalog.Get(PromptId.WaitingForModerator, Language));
        }

        if (member.Muted)
        {
            prompts.Add(PromptCatalog.Get(PromptId.Muted, Language));
        }

        session.PlayInRoom(prompts);
    }

    /// <summary>A caller left (hung up or was ended): the room may close, end, or go back to waiting.</summary>
    internal void Leave(CallSession session)
    {
        var member = Find(session);
        if (member is null)
        {
            return;
        }

        _members.Remove(member);
        _audio.Remove(session.Leg);
        ConferenceLog.Left(_service.Logger, session.Leg.Id, Config.Number, _members.Count);
        if (member.Role == ConferenceRole.Moderator)
        {
            ModeratorCount--;
        }

        if (_members.Count == 0)
        {
            Close();
            return;
        }

        if (Config.AnnounceJoinLeave && !member.Waiting)
        {
            _audio.PlayToRoom(PromptCatalog.Get(PromptId.ParticipantLeft, Language));
        }

        if (member.Role == ConferenceRole.Moderator && ModeratorCount == 0)
        {
            if (Config.EndWhenModeratorLeaves)
            {
                EndAll();
                return;
            }

            if (Config.WaitForModerator)
            {
                foreach (var other in _members)
                {
                    if (other.Waiting)
                    {
                        continue; // already hears only the lobby
                    }

                    other.HearsRoom = false;
                    _audio.SetHearsRoom(other.Session.Leg, false);
                    other.Session.PlayInRoom([PromptCatalog.Get(PromptId.WaitingForModerator, Language)]);
                }
            }
        }

        _service.PublishRoom(this);
    }

    /// <summary>In-call DTMF after <c>*</c>: 6 mute self, 9 raise/lower hand, # count; moderators: 5 lock/unlock, 4 admit everyone waiting in the lobby, 8 mute all others.</summary>
    internal void Command(CallSession session, char digit)
    {
        var member = Find(session);
        if (member is null)
        {
            return;
        }

        if (member.Waiting)
        {
            return; // in the lobby the keypad does nothing
        }

        var moderator = member.Role == ConferenceRole.Moderator;
        switch (digit)
        {
            case '9':
                ToggleHand(member);
                break;
            case '4' when moderator:
                AdmitAllWaiting(member);
                break;
            case '6':
                member.Muted = !member.Muted;
                _audio.SetMuted(session.Leg, member.Muted);
                session.PlayInRoom([PromptCatalog.Get(member.Muted ? PromptId.Muted : PromptId.Unmuted, Language)]);
                _service.PublishRoom(this); // the roster shows mute
                break;
            case '#':
                session.PlayInRoom(PromptCatalog.ParticipantCount(AdmittedCount - 1, Language));
                break;
            case '5' when moderator:
                Locked = !Locked;
                ConferenceLog.LockChanged(_service.Logger, session.Leg.Id, Config.Number, Locked);
                session.PlayInRoom([PromptCatalog.Get(Locked ? PromptId.RoomLocked : PromptId.RoomUnlocked, Language)]);
                _service.PublishRoom(this);
                break;
            case '8' when moderator:
                foreach (var other in _members)
                {
                    if (other != member && other.Role != ConferenceRole.Moderator && !other.Muted && !other.Waiting)
                    {
                        other.Muted = true;
                        _audio.SetMuted(other.Session.Leg, true);
                        other.Session.PlayInRoom([PromptCatalog.Get(PromptId.Muted, Language)]);
                    }
                }

                session.PlayInRoom([PromptCatalog.Get(PromptId.AllMuted, Language)]);
                _service.PublishRoom(this); // the roster shows mute
                break;
        }
    }

    /// <summary>Scheduled-end warning to everyone in the room.</summary>
    internal void AnnounceEndingSoon() => _audio.PlayToRoom(PromptCatalog.Get(PromptId.EndsInFiveMinutes, Language));

    /// <summary>Ends the conference for everyone: each hears "the conference has ended" and is hung up.</summary>
    internal void EndAll()
    {
        var members = _members.ToArray();
        _members.Clear();
        ModeratorCount = 0;
        foreach (var member in members)
        {
            _audio.Remove(member.Session.Leg);
        }

        Close();
        foreach (var member in members)
        {
            member.Session.RoomEnded();
        }
    }

    internal RoomSnapshot Snapshot() => new(Config.Number, Config.Name, _members.Count, ModeratorCount, Locked, OpenedAt);

    private void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _audio.Dispose();
        _service.RemoveRoom(this);
        ConferenceLog.RoomClosed(_service.Logger, Config.Number);
    }

    private RoomMember? Find(CallSession session)
    {
        foreach (var member in _members)
        {
            if (member.Session == session)
            {
                return member;
            }
        }

        return null;
    }
}
