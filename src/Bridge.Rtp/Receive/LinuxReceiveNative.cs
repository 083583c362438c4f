using System.Runtime.InteropServices;

namespace Bridge.Rtp.Receive;

/// <summary>
/// The few Linux system calls of the receive engine: epoll(7) for readiness, recvmmsg(2) for a batch of datagrams per call,
/// eventfd(2) to wake the engine thread for registrations. 64-bit Linux only (x86-64 and arm64 layouts below).
/// </summary>
internal static unsafe partial class LinuxReceiveNative
{
    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const uint EpollIn = 0x001;
    public const int EfdNonBlock = 0x800;
    public const int EfdCloexec = 0x80000;
    public const int MsgDontWait = 0x40;
    public const int MsgTrunc = 0x20;
    public const int Eintr = 4;
    public const int Eagain = 11;

    /// <summary>struct mmsghdr: struct msghdr (56 bytes) + unsigned msg_len, padded to 64 (LP64).</summary>
    public const int MmsghdrSize = 64;
    public const int MsgNameOffset = 0;
    public const int MsgNameLenOffset = 8;
    public const int MsgIovOffset = 16;
    public const int MsgIovLenOffset = 24;
    public const int MsgFlagsOffset = 48;
    public const int MsgLenOffset = 56;

    /// <summary>struct iovec (LP64).</summary>
    public const int IovecSize = 16;

    /// <summary>sizeof(struct sockaddr_storage).</summary>
    public const int SockaddrStorageSize = 128;

    /// <summary>True where the layouts above hold: 64-bit Linux on x86-64 or arm64.</summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>struct epoll_event is packed on x86-64 (12 bytes), naturally aligned elsewhere (16 bytes).</summary>
    public static int EpollEventSize => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Offset of epoll_event.data.</summary>
    public static int EpollDataOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, byte* msgvec, uint vlen, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>epoll_ctl with an EPOLLIN (level-triggered) event carrying <paramref name="data"/>.</summary>
    public static int Control(int epfd, int op, int fd, ulong data)
    {
        byte* ev = stackalloc byte[16];
        new Span<byte>(ev, 16).Clear();
        *(uint*)ev = EpollIn;
        *(ulong*)(ev + EpollDataOffset) = data;
        return EpollCtl(epfd, op, fd, ev);
    }
}
