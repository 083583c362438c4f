using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Bridge.Rtp.Send;

/// <summary>
/// One datagram per call through sendto(2) on Linux, straight from the socket's descriptor and the destination's native
/// sockaddr (a <see cref="SocketAddress"/> holds it in the kernel's layout, made once per latch change), instead of
/// .NET's socket layer (argument checks, error mapping, a msghdr and iovec built per send by System.Native, sendmsg(2)).
/// The mixer sends one RTP datagram per listener per tick (RFC 3550 §5.1; one socket per call, so sendmmsg(2) cannot
/// batch across calls), so this is the per-listener cost that is left. Elsewhere, or when libc cannot be bound, callers
/// use <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/>.
/// </summary>
internal static unsafe partial class NativeDatagramSend
{
    private const int Eintr = 4;

    private static volatile bool s_unavailable;

    /// <summary>True on Linux while sendto can be bound (the sockaddr layout of <see cref="SocketAddress"/> is the kernel's there).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && !s_unavailable;

    /// <summary>
    /// Sends <paramref name="datagram"/> to <paramref name="remote"/> from <paramref name="socket"/>. True when the kernel took
    /// the whole datagram; false when it refused it (errno), the socket is closed, or the native call is unavailable
    /// (<see cref="IsSupported"/> is false afterwards and the caller falls back). Allocates nothing.
    /// </summary>
    public static bool TrySend(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress remote, out bool unavailable)
    {
        unavailable = false;
        SafeSocketHandle? handle = null;
        bool referenced = false;
        try
        {
            handle = socket.SafeHandle;
            // The reference keeps the descriptor open (and its number from being reused by another call's socket) until sent.
            handle.DangerousAddRef(ref referenced);
            int fd = (int)handle.DangerousGetHandle();
            ReadOnlySpan<byte> address = remote.Buffer.Span[..remote.Size];
            fixed (byte* data = datagram)
            fixed (byte* name = address)
            {
                for (int attempt = 0; attempt < 2; attempt++)
                {
                    nint sent = SendTo(fd, data, (nuint)datagram.Length, 0, name, (uint)address.Length);
                    if (sent >= 0)
                    {
                        return sent == datagram.Length;
                    }

                    // EINTR: a signal came before anything was sent; once more. Any other errno (EAGAIN with a full send
                    // buffer, ENETUNREACH, EPERM from a firewall) drops this datagram: the next tick sends the next one.
                    if (Marshal.GetLastPInvokeError() != Eintr)
                    {
                        return false;
                    }
                }

                return false;
            }
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
            unavailable = true;
            return false;
        }
        finally
        {
            if (referenced)
            {
                handle!.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, byte* buffer, nuint length, int flags, byte* address, uint addressLength);
}
