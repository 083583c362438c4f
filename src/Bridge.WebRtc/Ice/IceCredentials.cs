using System.Security.Cryptography;

namespace Bridge.WebRtc.Ice;

/// <summary>
/// An agent's ICE username fragment and password (RFC 8445 §5.3, syntax RFC 8839 §5.4): ice-chars only,
/// ufrag 4–256 characters, password 22–256. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class IceCredentials
{
    /// <summary>Length of a generated ufrag: 8 ice-chars, 48 random bits.</summary>
    public const int GeneratedUfragLength = 8;

    /// <summary>Length of a generated password: 24 ice-chars, 144 random bits (RFC 8445 §5.3 asks for at least 128).</summary>
    public const int GeneratedPasswordLength = 24;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Checks the syntax of both values.</summary>
    /// <exception cref="ArgumentException">A value is too short, too long, or holds a character other than an ice-char.</exception>
    public IceCredentials(string ufrag, string password)
    {
        if (!IsValidUfrag(ufrag))
        {
            throw new ArgumentException("An ICE ufrag is 4 to 256 ice-chars (RFC 8839 §5.4).", nameof(ufrag));
        }

        if (!IsIceChars(password, 22))
        {
            throw new ArgumentException("An ICE password is 22 to 256 ice-chars (RFC 8839 §5.4).", nameof(password));
        }

        Ufrag = ufrag;
        Password = password;
    }

    /// <summary>The username fragment (<c>a=ice-ufrag</c>).</summary>
    public string Ufrag { get; }

    /// <summary>The password (<c>a=ice-pwd</c>); the MESSAGE-INTEGRITY key of checks sent to this agent. Never log it.</summary>
    public string Password { get; }

    /// <summary>New random credentials from the operating system's CSPRNG (RFC 8445 §5.3).</summary>
    public static IceCredentials Generate() => new(
        RandomNumberGenerator.GetString(IceChars, GeneratedUfragLength),
        RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>Whether <paramref name="ufrag"/> is a syntactically valid ufrag (a remote one from SDP, say).</summary>
    public static bool IsValidUfrag(string? ufrag) => IsIceChars(ufrag, 4);

    /// <summary>The ufrag only: the password stays out of logs.</summary>
    public override string ToString() => "ice-ufrag " + Ufrag;

    private static bool IsIceChars(string? value, int minLength)
    {
        if (value is null || value.Length < minLength || value.Length > 256)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        return true;
    }
}
