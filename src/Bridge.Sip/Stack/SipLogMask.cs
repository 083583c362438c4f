using Bridge.Sip.Messages;

namespace Bridge.Sip.Stack;

/// <summary>Masks caller identities for logs (docs/architecture.md §4): only the last three characters of a user part stay.</summary>
internal static class SipLogMask
{
    public static string User(string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return string.Empty;
        }

        return user.Length <= 3 ? new string('*', user.Length) : string.Concat(new string('*', user.Length - 3), user.AsSpan(user.Length - 3));
    }

    public static string Uri(SipUri uri) => uri.Scheme + ":" + User(uri.User) + "@" + uri.Host;
}
