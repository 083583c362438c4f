using System.Security.Cryptography;

namespace Bridge.DialPlans;

/// <summary>A parsed PBKDF2-SHA256 PIN hash (RFC 8018 §5.2).</summary>
internal readonly record struct PinHash(int Iterations, byte[] Salt, byte[] Expected)
{
    /// <summary>Derives the key from <paramref name="pin"/> and compares it in constant time.</summary>
    public bool Verify(ReadOnlySpan<char> pin)
    {
        if (Expected is null)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[Expected.Length];
        Rfc2898DeriveBytes.Pbkdf2(pin, Salt, actual, Iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, Expected);
    }
}
