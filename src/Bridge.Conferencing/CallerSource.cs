using System.Net;

namespace Bridge.Conferencing;

/// <summary>
/// Who is calling, for PIN failure counting: the signalling peer's IP address together with the
/// From user (RFC 3261 §8.1.1.3), so callers behind one PBX do not lock each other out.
/// </summary>
public readonly record struct CallerSource(IPAddress Address, string User)
{
    /// <summary>
    /// The From user reduced to its last 3 characters (<c>***123</c>), safe for logs; <c>browser</c> for a browser (its
    /// pseudo-user is no number to hide, and its name is never logged).
    /// </summary>
    public string MaskedUser => IsBrowser ? ConferenceService.BrowserUser : Mask(User);

    /// <summary>A browser participant (issue 9), not a SIP caller: logs name it <c>browser</c> (with its leg id where there is one).</summary>
    public bool IsBrowser { get; init; }

    /// <summary>The declared trunk (issue 12) the call came through, or null. Behind a trunk, PIN failures count per
    /// caller (trunk + <see cref="User"/>), never against the trunk's address.</summary>
    public string? Trunk { get; init; }

    /// <summary>Masks a caller number or user: only the last 3 printable characters remain.</summary>
    public static string Mask(string? user)
    {
        if (string.IsNullOrEmpty(user) || user.Length <= 3)
        {
            return "***";
        }

        Span<char> tail = stackalloc char[6];
        tail[0] = tail[1] = tail[2] = '*';
        for (var i = 0; i < 3; i++)
        {
            var c = user[user.Length - 3 + i];
            tail[3 + i] = c is >= ' ' and <= '~' && c != '"' && c != '\\' ? c : '?';
        }

        return new string(tail);
    }

    /// <summary>Never prints the full user.</summary>
    public override string ToString() => $"{Address} {MaskedUser}";
}
