using System.Security.Cryptography;

namespace Bridge.DialPlans;

/// <summary>
/// A room PIN as configured: plain digits or a PBKDF2 hash. It compares in constant time and never
/// prints itself, so a record holding it can be logged safely.
/// </summary>
public sealed class PinSecret
{
    private const int MaxPinLength = 32;
    private readonly byte[]? _plain;
    private readonly PinHash _hash;

    private PinSecret(byte[]? plain, PinHash hash)
    {
        _plain = plain;
        _hash = hash;
    }

    /// <summary>True when the dial plan gave a hash (<c>pinHash</c>) rather than the digits.</summary>
    public bool IsHashed => _plain is null;

    /// <summary>
    /// The plain digits, for the service's start-up banner in the Development environment only
    /// (the demo plan's PINs); null for a hashed PIN. Never log it.
    /// </summary>
    public string? RevealForDevelopment() => _plain is null ? null : System.Text.Encoding.ASCII.GetString(_plain);

    /// <summary>Creates a secret from plain digits.</summary>
    public static PinSecret FromDigits(string digits)
    {
        ArgumentException.ThrowIfNullOrEmpty(digits);
        var bytes = new byte[digits.Length];
        for (var i = 0; i < digits.Length; i++)
        {
            bytes[i] = (byte)digits[i];
        }

        return new PinSecret(bytes, default);
    }

    /// <summary>Creates a secret from an encoded hash, or returns false with the reason.</summary>
    public static bool TryFromHash(string encoded, out PinSecret? secret, out string error)
    {
        if (PinHasher.TryParse(encoded, out var hash, out error))
        {
            secret = new PinSecret(null, hash);
            return true;
        }

        secret = null;
        return false;
    }

    /// <summary>Checks entered digits. Plain PINs compare with <see cref="CryptographicOperations.FixedTimeEquals"/>.</summary>
    public bool Matches(ReadOnlySpan<char> entered)
    {
        if (entered.Length == 0 || entered.Length > MaxPinLength)
        {
            return false;
        }

        if (_plain is null)
        {
            return _hash.Verify(entered);
        }

        Span<byte> bytes = stackalloc byte[entered.Length];
        for (var i = 0; i < entered.Length; i++)
        {
            bytes[i] = (byte)entered[i];
        }

        return CryptographicOperations.FixedTimeEquals(bytes, _plain);
    }

    /// <summary>Never reveals the PIN.</summary>
    public override string ToString() => "***";
}
