using System.Buffers;
using System.Text.Json;
using Bridge.Conferencing;
using Bridge.Conferencing.Roster;

namespace Bridge.Web.Signalling;

/// <summary>The JSON messages the bridge sends to the page (UTF-8, one object each, <c>type</c> first).</summary>
internal static class ServerMessages
{
    /// <summary>The one answer to a wrong PIN and to an unknown room (no room enumeration).</summary>
    public const string RefusedText = "Wrong PIN or unknown room.";

    public const string LockedText = "Too many wrong PINs from your address. Try again later.";

    public static byte[] Accepted(string room, ConferenceRole role) => Write(writer =>
    {
        writer.WriteString("type", "accepted");
        writer.WriteString("room", room);
        writer.WriteString("role", RoleName(role));
    });

    public static byte[] Refused() => Text("refused", RefusedText);

    public static byte[] Locked() => Text("locked", LockedText);

    public static byte[] Error(string message) => Text("error", message);

    public static byte[] Answer(string id, string sdp) => Write(writer =>
    {
        writer.WriteString("type", "answer");
        writer.WriteString("id", id);
        writer.WriteString("sdp", sdp);
    });

    public static byte[] Muted(bool muted) => Write(writer =>
    {
        writer.WriteString("type", "muted");
        writer.WriteBoolean("muted", muted);
    });

    public static byte[] Left() => Write(writer => writer.WriteString("type", "left"));

    public static byte[] Ended() => Text("ended", "You have left the room.");

    public static byte[] ShuttingDown() => Text("ended", "The bridge is shutting down.");

    /// <summary>The room's roster; <c>"locked"</c> (the room's lock state) when <paramref name="locked"/> is known.</summary>
    public static byte[] Roster(IReadOnlyList<RosterEntry> entries, string? selfId, bool? locked = null) => Write(writer =>
    {
        writer.WriteString("type", "roster");
        if (locked is { } isLocked)
        {
            writer.WriteBoolean("locked", isLocked);
        }

        writer.WriteStartArray("participants");
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            writer.WriteString("id", entry.Id);
            writer.WriteString("label", RosterView.Label(entry));
            writer.WriteString("kind", entry.Kind == ParticipantKind.Phone ? "phone" : "browser");
            writer.WriteString("role", RoleName(entry.Role));
            writer.WriteBoolean("muted", entry.Muted);
            writer.WriteBoolean("self", string.Equals(entry.Id, selfId, StringComparison.Ordinal));
            MemberMessages.WriteStates(writer, entry);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>What each receiving video m-line (by mid) of the browser shows now, and the videos paused for want of a slot.</summary>
    public static byte[] Video(IReadOnlyList<Bridge.Conferencing.Browser.BrowserVideoSlot> slots, IReadOnlyList<Bridge.Conferencing.Browser.BrowserPausedVideo>? paused = null) => Write(writer =>
    {
        writer.WriteString("type", "video");
        writer.WriteStartArray("slots");
        foreach (var slot in slots)
        {
            writer.WriteStartObject();
            writer.WriteString("mid", slot.Mid);
            writer.WriteString("id", slot.ParticipantId);
            writer.WriteBoolean("screen", slot.Screen);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("paused");
        foreach (var video in paused ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("id", video.ParticipantId);
            writer.WriteBoolean("screen", video.Screen);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static string RoleName(ConferenceRole role) => role == ConferenceRole.Moderator ? "moderator" : "participant";

    private static byte[] Text(string type, string message) => Write(writer =>
    {
        writer.WriteString("type", type);
        writer.WriteString("message", message);
    });

    /// <summary>One JSON object written by <paramref name="body"/> (also the member messages').</summary>
    internal static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
