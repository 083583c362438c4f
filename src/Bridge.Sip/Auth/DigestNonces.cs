using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bridge.Sip.Auth;

/// <summary>
/// Stateless server nonces (RFC 7616 §3.3 suggests a time stamp and a private key): base64url of
/// <c>time(8) | random(8) | HMAC-SHA256(key, time|random)[0..16]</c>. A nonce is ours when its MAC checks, and fresh
/// while younger than the lifetime; an old one of ours is <em>stale</em> (the client retries with the new nonce
/// without asking its user, RFC 7616 §3.3).
/// </summary>
public sealed class DigestNonces
{
    private const int RawLength = 32;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;

    public DigestNonces(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        Lifetime = lifetime;
    }

    /// <summary>How long a nonce is accepted.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>The clock nonces are stamped with.</summary>
    public TimeProvider Time => _time;

    /// <summary>A new nonce.</summary>
    public string Create()
    {
        Span<byte> raw = stackalloc byte[RawLength];
        BinaryPrimitives.WriteInt64BigEndian(raw, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(raw.Slice(8, 8));
        Mac(raw[..16], raw[16..]);
        return Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Whether <paramref name="nonce"/> is one of ours, and if so whether it is still fresh.</summary>
    public (bool Ours, bool Fresh) Check(string? nonce)
    {
        if (nonce is null || nonce.Length != 43)
        {
            return (false, false);
        }

        Span<byte> raw = stackalloc byte[RawLength + 2];
        var text = nonce.Replace('-', '+').Replace('_', '/') + "=";
        if (!Convert.TryFromBase64String(text, raw, out var written) || written != RawLength)
        {
            return (false, false);
        }

        Span<byte> mac = stackalloc byte[16];
        Mac(raw[..16], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, raw.Slice(16, 16)))
        {
            return (false, false);
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(raw));
        var age = _time.GetUtcNow() - issued;
        return (true, age >= TimeSpan.FromSeconds(-5) && age <= Lifetime);
    }

    private void Mac(ReadOnlySpan<byte> data, Span<byte> into)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, data, full);
        full[..16].CopyTo(into);
    }
}
