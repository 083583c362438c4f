using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// SHA-1 (FIPS 180-4) straight from OpenSSL's <c>libcrypto.so.3</c> or <c>.so.1.1</c> (the library .NET itself uses on
/// Linux), through its plain <c>SHA1_Init</c> / <c>SHA1_Update</c> / <c>SHA1_Final</c> and a caller-owned <c>SHA_CTX</c> of
/// <see cref="ContextSize"/> octets. A context is plain memory, so HMAC's inner and outer states after the key block
/// (RFC 2104 §2) are computed once and copied per packet: .NET's <see cref="IncrementalHash"/> HMAC goes through
/// OpenSSL's EVP layer, whose fixed cost per packet (~0.4 µs here) was a third of AES-CM SRTP's per-packet cost.
/// <see cref="IsAvailable"/> is false off Linux, without the library or its SHA1_* exports, or when a self-test against
/// .NET's SHA-1 disagrees; <see cref="HmacSha1Authenticator"/> then keeps to <see cref="IncrementalHash"/>.
/// </summary>
internal static unsafe class OpenSslSha1
{
    /// <summary>Octets of an OpenSSL SHA_CTX (five state words, two length words, 16 data words, one count: 24 × 4).</summary>
    public const int ContextSize = 96;

    /// <summary>SHA-1's block length (HMAC pads the key to it).</summary>
    public const int BlockSize = 64;

    /// <summary>SHA-1's digest length.</summary>
    public const int DigestSize = 20;

    private static readonly delegate* unmanaged<byte*, int> InitFunction;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> UpdateFunction;
    private static readonly delegate* unmanaged<byte*, byte*, int> FinalFunction;

#pragma warning disable CA1810 // the exports are looked up once, in order, and only when the library loads
    static OpenSslSha1()
    {
        if (!OperatingSystem.IsLinux()
            || (!NativeLibrary.TryLoad("libcrypto.so.3", out var library) && !NativeLibrary.TryLoad("libcrypto.so.1.1", out library)))
        {
            return;
        }

        if (!NativeLibrary.TryGetExport(library, "SHA1_Init", out var init)
            || !NativeLibrary.TryGetExport(library, "SHA1_Update", out var update)
            || !NativeLibrary.TryGetExport(library, "SHA1_Final", out var final))
        {
            return;
        }

        InitFunction = (delegate* unmanaged<byte*, int>)init;
        UpdateFunction = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
        FinalFunction = (delegate* unmanaged<byte*, byte*, int>)final;
        IsAvailable = SelfTest();
    }
#pragma warning restore CA1810

    /// <summary>True when the SHA1_* functions were found and agree with .NET's SHA-1.</summary>
    public static bool IsAvailable { get; }

    /// <summary>Starts a context in <paramref name="context"/> (<see cref="ContextSize"/> octets).</summary>
    public static void Init(Span<byte> context)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(context.Length, ContextSize);
        fixed (byte* c = context)
        {
            InitFunction(c);
        }
    }

    /// <summary>Hashes <paramref name="data"/> into <paramref name="context"/>.</summary>
    public static void Update(Span<byte> context, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(context.Length, ContextSize);
        fixed (byte* c = context)
        fixed (byte* d = data)
        {
            UpdateFunction(c, d, (nuint)data.Length);
        }
    }

    /// <summary>Writes the digest (<see cref="DigestSize"/> octets) of what <paramref name="context"/> has hashed; the context is spent.</summary>
    public static void Final(Span<byte> context, Span<byte> digest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(context.Length, ContextSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(digest.Length, DigestSize);
        fixed (byte* c = context)
        fixed (byte* d = digest)
        {
            FinalFunction(d, c);
        }
    }

    private static bool SelfTest()
    {
        Span<byte> context = stackalloc byte[ContextSize];
        Span<byte> data = stackalloc byte[200];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 7);
        }

        Span<byte> ours = stackalloc byte[DigestSize];
        Span<byte> theirs = stackalloc byte[DigestSize];
        Init(context);
        Update(context, data[..77]);
        Update(context, data[77..]);
        Final(context, ours);
        SHA1.HashData(data, theirs);
        return ours.SequenceEqual(theirs);
    }
}
