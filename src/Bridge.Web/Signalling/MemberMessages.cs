using System.Text.Json;
using Bridge.Conferencing;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Roster;

namespace Bridge.Web.Signalling;

/// <summary>
/// The member part of the messages to the page (issue 10): each roster item's states, who sees whom (a participant
/// waiting in the lobby sees only itself; only moderators see the others who wait), and the answer to a refused action.
/// </summary>
internal static class MemberMessages
{
    /// <summary>Text of the refusal of a moderator's action asked by a participant who is not one.</summary>
    public const string NotModeratorText = "Only a moderator can do that.";

    public const string DeniedText = "A moderator did not let you in.";

    /// <summary>Adds the states to a roster item: <c>talking</c>, <c>handRaised</c>, <c>waiting</c>.</summary>
    public static void WriteStates(Utf8JsonWriter writer, RosterEntry entry)
    {
        writer.WriteBoolean("talking", entry.Talking);
        writer.WriteBoolean("handRaised", entry.HandRaised);
        writer.WriteBoolean("waiting", entry.Waiting);
    }

    /// <summary>The roster as <paramref name="self"/> may see it.</summary>
    public static byte[] Roster(IReadOnlyList<RosterEntry> entries, IBrowserParticipant? self, bool? locked = null) =>
        ServerMessages.Roster(VisibleTo(entries, self?.Id, self?.Role ?? ConferenceRole.None), self?.Id, locked);

    /// <summary>Waiting in the lobby: only itself. Otherwise everyone admitted, and for a moderator also everyone waiting.</summary>
    public static IReadOnlyList<RosterEntry> VisibleTo(IReadOnlyList<RosterEntry> entries, string? selfId, ConferenceRole role)
    {
        RosterEntry? own = null;
        var anyWaiting = false;
        foreach (var entry in entries)
        {
            anyWaiting |= entry.Waiting;
            if (string.Equals(entry.Id, selfId, StringComparison.Ordinal))
            {
                own = entry;
            }
        }

        if (own is { Waiting: true })
        {
            return [own];
        }

        if (!anyWaiting || role == ConferenceRole.Moderator)
        {
            return entries;
        }

        var visible = new List<RosterEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (!entry.Waiting)
            {
                visible.Add(entry);
            }
        }

        return visible;
    }

    /// <summary><c>{"type":"refused-action","action","message"}</c>: the action was not applied; the socket stays open.</summary>
    public static byte[] RefusedAction(string action, string message) => ServerMessages.Write(writer =>
    {
        writer.WriteString("type", "refused-action");
        writer.WriteString("action", action);
        writer.WriteString("message", message);
    });

    /// <summary><c>{"type":"action-done","action"}</c>: the bridge applied the action (the roster shows its effect).</summary>
    public static byte[] ActionDone(string action) => ServerMessages.Write(writer =>
    {
        writer.WriteString("type", "action-done");
        writer.WriteString("action", action);
    });

    /// <summary>The participant was turned away from the lobby.</summary>
    public static byte[] Denied() => ServerMessages.Write(writer =>
    {
        writer.WriteString("type", "ended");
        writer.WriteString("message", DeniedText);
        writer.WriteBoolean("denied", true);
    });
}
