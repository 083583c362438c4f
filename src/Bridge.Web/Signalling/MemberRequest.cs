using System.Text.Json;
using Bridge.Conferencing.Members;

namespace Bridge.Web.Signalling;

/// <summary>
/// A member action from the page (issue 10): <c>{"type":"hand","raised":true}</c> for the sender's own hand, or
/// <c>{"type":"moderate","action":"mute|unmute|remove|rename|admit|deny","id":"…"}</c> (<c>rename</c> with <c>"name"</c>) and
/// <c>{"type":"moderate","action":"lock|unlock|end"}</c>. The bridge, not the page, decides whether the sender may.
/// </summary>
internal sealed record MemberRequest(MemberAction Action, string? TargetId, string? Name)
{
    /// <summary>Longest participant id taken (leg ids are far shorter).</summary>
    private const int MaxIdLength = 128;

    /// <summary>Longest name taken before cleaning (the roster keeps 40 characters).</summary>
    private const int MaxNameLength = 200;

    /// <summary>The request in <paramref name="root"/> for message <paramref name="type"/>, or null when it is not one.</summary>
    public static MemberRequest? Parse(string? type, JsonElement root)
    {
        switch (type)
        {
            case "hand":
                return root.TryGetProperty("raised", out var raised) && raised.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? new MemberRequest(raised.GetBoolean() ? MemberAction.RaiseHand : MemberAction.LowerHand, null, null)
                    : null;
            case "moderate":
                var id = String(root, "id");
                if (id is { Length: 0 or > MaxIdLength })
                {
                    return null;
                }

                return String(root, "action") switch
                {
                    "mute" when id is not null => new MemberRequest(MemberAction.Mute, id, null),
                    "unmute" when id is not null => new MemberRequest(MemberAction.Unmute, id, null),
                    "remove" when id is not null => new MemberRequest(MemberAction.Remove, id, null),
                    "admit" when id is not null => new MemberRequest(MemberAction.Admit, id, null),
                    "deny" when id is not null => new MemberRequest(MemberAction.Deny, id, null),
                    "rename" when id is not null && String(root, "name") is { Length: <= MaxNameLength } name => new MemberRequest(MemberAction.Rename, id, name),
                    "lock" => new MemberRequest(MemberAction.Lock, null, null),
                    "unlock" => new MemberRequest(MemberAction.Unlock, null, null),
                    "end" => new MemberRequest(MemberAction.End, null, null),
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>The action's name in messages to the page.</summary>
    public string ActionName => Action switch
    {
        MemberAction.RaiseHand or MemberAction.LowerHand => "hand",
        _ => Action.ToString().ToLowerInvariant(),
    };

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
