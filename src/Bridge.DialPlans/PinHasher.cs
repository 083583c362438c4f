using System.Globalization;
using System.Security.Cryptography;

namespace Bridge.DialPlans;

/// <summary>
/// PIN hashes for dial plans: PBKDF2 with HMAC-SHA-256 (RFC 8018 §5.2), written as
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>. Backs <c>bridge pin hash</c>.
/// </summary>
public static class PinHasher
{
    /// <summary>Iterations used by <see cref="Hash(string)"/>.</summary>
    public const int DefaultIterations = 100_000;

    internal const int MinIterations = 10_000;
    internal const int MaxIterations = 5_000_000;
    private const string Prefix = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes a PIN with a fresh random salt and <see cref="DefaultIterations"/>.</summary>
    public static string Hash(string pin) => Hash(pin, DefaultIterations);

    /// <summary>Hashes a PIN (1 to 32 digits) with a fresh random salt.</summary>
    /// <exception cref="ArgumentException">The PIN is not 1 to 32 digits: show the message to the admin.</exception>
    public static string Hash(string pin, int iterations)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (pin.Length is 0 or > 32 || !pin.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("a PIN is 1 to 32 digits (0-9)", nameof(pin));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(pin, salt, hash, iterations, HashAlgorithmName.SHA256);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Checks a PIN against an encoded hash in constant time; a malformed hash never matches.</summary>
    public static bool Verify(ReadOnlySpan<char> pin, string encoded)
    {
        return TryParse(encoded, out var parsed, out _) && parsed.Verify(pin);
    }

    /// <summary>Parses an encoded hash; <paramref name="error"/> says what is wrong.</summary>
    internal static bool TryParse(string? encoded, out PinHash hash, out string error)
    {
        hash = default;
        if (string.IsNullOrEmpty(encoded))
        {
            error = "empty PIN hash";
            return false;
        }

        var parts = encoded.Split('$');
        if (parts.Length != 4 || !string.Equals(parts[0], Prefix, StringComparison.Ordinal))
        {
            error = "PIN hash must look like pbkdf2-sha256$<iterations>$<salt base64>$<hash base64> (make one with 'bridge pin hash')";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < MinIterations || iterations > MaxIterations)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"PIN hash iterations must be a number from {MinIterations} to {MaxIterations}");
            return false;
        }

        byte[] salt;
        byte[] expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            error = "PIN hash salt or hash is not valid base64";
            return false;
        }

        if (salt.Length < 8 || expected.Length != HashBytes)
        {
            error = "PIN hash salt must be at least 8 bytes and the hash 32 bytes";
            return false;
        }

        hash = new PinHash(iterations, salt, expected);
        error = string.Empty;
        return true;
    }
}
