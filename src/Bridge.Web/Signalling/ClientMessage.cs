using System.Text.Json;

namespace Bridge.Web.Signalling;

/// <summary>
/// One message from the page: <c>{"type":"join","room","pin","name"}</c>, <c>{"type":"offer","sdp"}</c>,
/// <c>{"type":"mute","muted"}</c>, <c>{"type":"screen","sharing"}</c> (its value in <see cref="Muted"/>) or
/// <c>{"type":"leave"}</c>, <c>{"type":"dialout","number"}</c>. Anything else does not parse.
/// </summary>
internal sealed record ClientMessage(ClientMessageType Type, string? Room = null, string? Pin = null, string? Name = null, string? Sdp = null, bool Muted = false)
{
    /// <summary>Reads a UTF-8 JSON object; null for anything that is not exactly one of the messages above.</summary>
    public static ClientMessage? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return type.GetString() switch
            {
                "join" => String(root, "room") is { } room && String(root, "pin") is { } pin && String(root, "name") is { } name
                    ? new ClientMessage(ClientMessageType.Join, Room: room, Pin: pin, Name: name)
                    : null,
                "offer" => String(root, "sdp") is { Length: > 0 } sdp ? new ClientMessage(ClientMessageType.Offer, Sdp: sdp) : null,
                "mute" => root.TryGetProperty("muted", out var muted) && muted.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? new ClientMessage(ClientMessageType.Mute, Muted: muted.GetBoolean())
                    : null,
                "leave" => new ClientMessage(ClientMessageType.Leave),
                "screen" => root.TryGetProperty("sharing", out var sharing) && sharing.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? new ClientMessage(ClientMessageType.Screen, Muted: sharing.GetBoolean())
                    : null,
                "dialout" => String(root, "number") is { Length: <= MaxNumberLength } number
                    ? new ClientMessage(ClientMessageType.DialOut) { Number = number }
                    : null,
                var other => MemberRequest.Parse(other, root) is { } request ? new ClientMessage(ClientMessageType.Member) { Request = request } : null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The member action of a <see cref="ClientMessageType.Member"/> message.</summary>
    public MemberRequest? Request { get; init; }

    /// <summary>The number of a <see cref="ClientMessageType.DialOut"/> message (the bridge checks its form).</summary>
    public string? Number { get; init; }

    /// <summary>Longest dial-out number taken before the bridge's own check.</summary>
    private const int MaxNumberLength = 64;

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Never prints the PIN.</summary>
    public override string ToString() => $"ClientMessage {Type}";
}
