using Bridge.Conferencing.DialOut;

namespace Bridge.Web.Signalling;

/// <summary>
/// The page's dial-out messages: <c>{"type":"dialout","state","number","text"}</c>, state one of <c>calling</c>,
/// <c>answered</c>, <c>joined</c>, <c>declined</c>, <c>no-answer</c>, <c>failed</c>, <c>refused</c>; the number only masked.
/// <c>text</c> is what the page shows in its status line.
/// </summary>
internal static class DialOutMessages
{
    /// <summary>Said when no trunk allows the number (as the phone's prompt says it).</summary>
    public const string NotAllowedText = "This number cannot be called.";

    /// <summary>The wire name of a state (shared with the admin API).</summary>
    public static string Name(DialOutState state) => state switch
    {
        DialOutState.Calling => "calling",
        DialOutState.Answered => "answered",
        DialOutState.Joined => "joined",
        DialOutState.Declined => "declined",
        DialOutState.NoAnswer => "no-answer",
        _ => "failed",
    };

    public static byte[] State(DialOutStatus status) => Write(Name(status.State), status.MaskedNumber, status.State switch
    {
        DialOutState.Calling => $"Calling {status.MaskedNumber}…",
        DialOutState.Answered => $"{status.MaskedNumber} answered and is being invited.",
        DialOutState.Joined => $"{status.MaskedNumber} joined the room.",
        DialOutState.Declined => $"{status.MaskedNumber} declined the call.",
        DialOutState.NoAnswer => $"{status.MaskedNumber} did not answer.",
        _ => $"The call to {status.MaskedNumber} failed.",
    });

    public static byte[] Refused(DialOutStart result) => Refused("refused", result switch
    {
        DialOutStart.Malformed => "Enter a phone number: digits only (+, * and # allowed).",
        DialOutStart.Busy => "A call out is still ringing. Wait for its answer.",
        _ => NotAllowedText,
    });

    public static byte[] Refused(string state, string text) => Write(state, null, text);

    private static byte[] Write(string state, string? number, string text) => ServerMessages.Write(writer =>
    {
        writer.WriteString("type", "dialout");
        writer.WriteString("state", state);
        if (number is not null)
        {
            writer.WriteString("number", number);
        }

        writer.WriteString("text", text);
    });
}
