namespace Bridge.Rtp;

/// <summary>
/// The buffer an RTP packet is written and protected in before it is sent: one per sending thread (a mixer thread sends for
/// all its rooms' legs, one packet after the other), not 2 KB per session. The send is synchronous, so the buffer is free
/// again when <see cref="SendRtp"/> returns; a thread's first send allocates it, later ones nothing.
/// </summary>
public sealed partial class RtpSession
{
    [ThreadStatic]
    private static byte[]? t_sendBuffer;

    private static byte[] SendBuffer => t_sendBuffer ??= new byte[BufferSize];
}
