namespace Bridge.Conferencing.Prompts;

/// <summary>Every announcement and tone the conference logic plays. Files come from <see cref="PromptCatalog"/>.</summary>
public enum PromptId
{
    /// <summary>"Welcome to the conference bridge."</summary>
    Welcome,

    /// <summary>"Please enter the conference number, followed by the hash key."</summary>
    EnterConferenceNumber,

    /// <summary>"That conference number is not valid."</summary>
    InvalidConferenceNumber,

    /// <summary>"Please enter the PIN, followed by the hash key."</summary>
    EnterPin,

    /// <summary>"That PIN is not correct."</summary>
    WrongPin,

    /// <summary>"Goodbye."</summary>
    Goodbye,

    /// <summary>"You are the first participant."</summary>
    FirstParticipant,

    /// <summary>"There is one other participant."</summary>
    OneOtherParticipant,

    /// <summary>"There are" (followed by <see cref="Number"/> and <see cref="OtherParticipants"/>).</summary>
    ThereAre,

    /// <summary>A spoken number 2–20; <see cref="PromptRef.Number"/> holds it.</summary>
    Number,

    /// <summary>"other participants."</summary>
    OtherParticipants,

    /// <summary>"There are more than twenty other participants."</summary>
    MoreThanTwentyParticipants,

    /// <summary>Join tone (rising chime).</summary>
    ParticipantJoined,

    /// <summary>Leave tone (falling chime).</summary>
    ParticipantLeft,

    /// <summary>"Please wait for the moderator."</summary>
    WaitingForModerator,

    /// <summary>"This conference is full."</summary>
    RoomFull,

    /// <summary>"This conference is locked." (also the moderator's confirmation of <c>*5</c>)</summary>
    RoomLocked,

    /// <summary>"The conference is unlocked."</summary>
    RoomUnlocked,

    /// <summary>"You are muted."</summary>
    Muted,

    /// <summary>"You are unmuted."</summary>
    Unmuted,

    /// <summary>"All other participants are muted."</summary>
    AllMuted,

    /// <summary>"The conference will end in five minutes."</summary>
    EndsInFiveMinutes,

    /// <summary>"The conference has ended."</summary>
    ConferenceEnded,

    /// <summary>"This is not possible at the moment." (PIN lockout, media policy)</summary>
    NotPossible,

    /// <summary>"Echo test. You will hear yourself after one second."</summary>
    EchoTest,

    /// <summary>"This conference is not open now. Please call again at the time of the meeting." (outside its schedule)</summary>
    ConferenceNotOpen,

    /// <summary>"Your hand is raised." (<c>*9</c>)</summary>
    HandRaised,

    /// <summary>"Your hand is lowered." (<c>*9</c> again)</summary>
    HandLowered,

    /// <summary>"Please wait, a moderator will let you in." (the room's lobby)</summary>
    LobbyWait,

    /// <summary>The soft tone looped while a caller waits in the lobby.</summary>
    LobbyMusic,

    /// <summary>"A moderator did not let you in." (denied from the lobby)</summary>
    LobbyDenied,

    /// <summary>"Someone is waiting in the lobby. Press star four to let them in." (to phone moderators)</summary>
    LobbyKnock,

    /// <summary>"The waiting callers have been let in." (<c>*4</c>)</summary>
    LobbyAdmitted,

    /// <summary>"A moderator has removed you from the conference."</summary>
    Removed,

    /// <summary>"Please enter the number to call, followed by the hash key." (the moderator's <c>*7</c>)</summary>
    DialOutEnterNumber,

    /// <summary>"Calling. Please wait." (dial-out started)</summary>
    DialOutCalling,

    /// <summary>"The call was answered." (the invited person picked up; joining needs their <c>1</c>)</summary>
    DialOutAnswered,

    /// <summary>"The call was declined."</summary>
    DialOutDeclined,

    /// <summary>"There was no answer."</summary>
    DialOutNoAnswer,

    /// <summary>"This number cannot be called." (no trunk's <c>dialOut.allow</c> matches it)</summary>
    DialOutNotAllowed,

    /// <summary>"You are invited to the conference" (followed by the room number, digit by digit).</summary>
    Invited,

    /// <summary>"Press 1 to join."</summary>
    PressOneToJoin,

    /// <summary>A spoken digit 0–9; <see cref="PromptRef.Number"/> holds it.</summary>
    Digit,
}
