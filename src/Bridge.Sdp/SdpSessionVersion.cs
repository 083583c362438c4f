using System.Security.Cryptography;

namespace Bridge.Sdp;

/// <summary>
/// The <c>o=</c> session id and version of one dialog's descriptions. RFC 3264 §8 requires every new offer or
/// answer of a session to carry the same session id and a higher version; keep one instance per dialog.
/// Thread-safe.
/// </summary>
public sealed class SdpSessionVersion
{
    private long _version;

    /// <summary>A random session id (RFC 4566 §5.2 suggests an NTP timestamp; any unique number works) and version 0.</summary>
    public SdpSessionVersion()
        : this(NewSessionId(), 0)
    {
    }

    /// <summary>Continues from a known id and last-used version.</summary>
    public SdpSessionVersion(ulong sessionId, ulong lastVersion)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lastVersion, (ulong)long.MaxValue - 1);
        SessionId = sessionId;
        _version = (long)lastVersion;
    }

    /// <summary>The session id written in every description of the dialog.</summary>
    public ulong SessionId { get; }

    /// <summary>The version of the last description written.</summary>
    public ulong Current => (ulong)Interlocked.Read(ref _version);

    /// <summary>A random id below 2^62, so peers that read it as a signed 64-bit number accept it.</summary>
    private static ulong NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return (BitConverter.ToUInt64(bytes) >> 2) | 1;
    }

    /// <summary>Moves to the next version and returns it; call once per new description.</summary>
    public ulong Next() => (ulong)Interlocked.Increment(ref _version);
}
