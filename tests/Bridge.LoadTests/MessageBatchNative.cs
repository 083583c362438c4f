using System.Runtime.InteropServices;

namespace Bridge.LoadTests;

/// <summary>
/// sendmmsg(2) and recvmmsg(2): many datagrams per system call, so the generator's cost per packet is the kernel's delivery
/// and the SRTP work, not a system call each. 64-bit Linux layouts (x86-64, arm64): struct mmsghdr is struct msghdr (56
/// bytes) and msg_len, padded to 64; struct iovec 16; struct sockaddr_in 16.
/// </summary>
internal static unsafe partial class MessageBatchNative
{
    public const int MmsghdrSize = 64;
    public const int MsgNameOffset = 0;
    public const int MsgNameLenOffset = 8;
    public const int MsgIovOffset = 16;
    public const int MsgIovLenOffset = 24;
    public const int MsgControlOffset = 32;
    public const int MsgControlLenOffset = 40;
    public const int MsgLenOffset = 56;
    public const int IovecSize = 16;
    public const int SockaddrInSize = 16;
    public const int MsgDontWait = 0x40;
    public const int SolSocket = 1;
    public const int SoSndBufForce = 32;
    public const int SoRcvBufForce = 33;

    /// <summary>SO_TIMESTAMPNS, also the SCM_TIMESTAMPNS control message's type (socket(7)).</summary>
    public const int SoTimestampNs = 35;

    /// <summary>True where the layouts hold.</summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(int fd, byte* msgvec, uint vlen, int flags);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, byte* msgvec, uint vlen, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    /// <summary>Writes a struct sockaddr_in for 127.0.0.1:<paramref name="port"/>.</summary>
    public static void WriteLoopback(byte* address, int port)
    {
        new Span<byte>(address, SockaddrInSize).Clear();
        *(ushort*)address = 2; // AF_INET, host order
        address[2] = (byte)(port >> 8);
        address[3] = (byte)port;
        address[4] = 127;
        address[7] = 1;
    }

    /// <summary>The port of a struct sockaddr_in (network order).</summary>
    public static int PortOf(byte* address) => (address[2] << 8) | address[3];
}
