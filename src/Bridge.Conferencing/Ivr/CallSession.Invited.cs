using Bridge.Conferencing.DialOut;
using Bridge.Conferencing.Prompts;
using Bridge.DialPlans;

namespace Bridge.Conferencing.Ivr;

/// <summary>
/// A person the bridge called (dial-out, issue 12): they hear "You are invited to the conference", the room number digit
/// by digit, and "Press 1 to join." twice; <c>1</c> admits them as a participant without a PIN (the room's schedule, lock
/// and size still apply); any other key, or <see cref="InvitationSilence"/> without a key after the prompts, ends the
/// call with "Goodbye".
/// </summary>
internal sealed partial class CallSession
{
    /// <summary>How long the bridge waits for <c>1</c> after the invitation played.</summary>
    internal static readonly TimeSpan InvitationSilence = TimeSpan.FromSeconds(10);

    private void StartInvited(RouteDecision decision)
    {
        if (decision.RoomNumber is not { } number || !_service.DialPlans.Current.TryGetRoom(number, out var room))
        {
            Hangup();
            return;
        }

        _room = room;
        _language = room.Language;
        _phase = CallPhase.Invited;
        var prompts = new List<PromptRef> { PromptCatalog.Get(PromptId.Invited, _language) };
        prompts.AddRange(PromptCatalog.Digits(room.Number, _language));
        prompts.Add(PromptCatalog.Get(PromptId.PressOneToJoin, _language));
        prompts.Add(PromptCatalog.Get(PromptId.PressOneToJoin, _language));
        Play(prompts, () => Arm(InvitationSilence, () =>
        {
            if (_phase == CallPhase.Invited)
            {
                DialOutLog.InvitationAnswer(_service.Logger, Leg.Id, room.Number, "no key pressed");
                _service.NoteInvitationAnswer(Leg.Id, joined: false);
                EndWith(PromptId.Goodbye);
            }
        }));
    }

    private void OnInvitedDigit(char digit)
    {
        BargeIn();

        CancelTimer();
        var room = _room!;
        if (digit == '1')
        {
            DialOutLog.InvitationAnswer(_service.Logger, Leg.Id, room.Number, "accepted");
            Join(ConferenceRole.Participant);
            _service.NoteInvitationAnswer(Leg.Id, joined: _phase == CallPhase.InRoom);
            return;
        }

        DialOutLog.InvitationAnswer(_service.Logger, Leg.Id, room.Number, "declined");
        _service.NoteInvitationAnswer(Leg.Id, joined: false);
        EndWith(PromptId.Goodbye);
    }
}
