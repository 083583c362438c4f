using System.Net;
using System.Runtime.InteropServices;
using static Bridge.Rtp.Receive.LinuxReceiveNative;

namespace Bridge.Rtp.Receive;

/// <summary>
/// The preallocated native arrays of one recvmmsg(2) call: <see cref="Capacity"/> mmsghdr entries, each with one iovec
/// over its own <see cref="DatagramSize"/>-byte buffer and a sockaddr_storage for the source. Allocated once per engine
/// thread in unmanaged memory (never moved by the GC), so receiving allocates nothing.
/// </summary>
internal sealed unsafe class ReceiveBatch : IDisposable
{
    /// <summary>Largest datagram taken; a longer one arrives truncated (MSG_TRUNC) and is dropped, as the socket path drops it.</summary>
    public const int DatagramSize = 2048;

    private readonly byte* _block;
    private readonly byte* _headers;
    private readonly byte* _names;
    private readonly byte* _data;

    public ReceiveBatch(int capacity)
    {
        Capacity = capacity;
        nuint size = (nuint)(capacity * (MmsghdrSize + IovecSize + SockaddrStorageSize + DatagramSize));
        _block = (byte*)NativeMemory.AlignedAlloc(size, 64);
        NativeMemory.Clear(_block, size);
        _headers = _block;
        byte* iovecs = _headers + (capacity * MmsghdrSize);
        _names = iovecs + (capacity * IovecSize);
        _data = _names + (capacity * SockaddrStorageSize);
        for (int i = 0; i < capacity; i++)
        {
            byte* iov = iovecs + (i * IovecSize);
            *(byte**)iov = _data + (i * DatagramSize);
            *(nuint*)(iov + 8) = DatagramSize;
            byte* header = Header(i);
            *(byte**)(header + MsgNameOffset) = _names + (i * SockaddrStorageSize);
            *(byte**)(header + MsgIovOffset) = iov;
            *(nuint*)(header + MsgIovLenOffset) = 1;
        }

        Prepare(capacity);
    }

    /// <summary>Datagrams per call.</summary>
    public int Capacity { get; }

    /// <summary>The mmsghdr array to pass to recvmmsg.</summary>
    public byte* Headers => _headers;

    /// <summary>Resets the in/out fields (name length, flags) of the first <paramref name="count"/> entries the last call used.</summary>
    public void Prepare(int count)
    {
        for (int i = 0; i < count; i++)
        {
            byte* header = Header(i);
            *(uint*)(header + MsgNameLenOffset) = SockaddrStorageSize;
            *(int*)(header + MsgFlagsOffset) = 0;
            *(uint*)(header + MsgLenOffset) = 0;
        }
    }

    /// <summary>True when entry <paramref name="index"/> was longer than <see cref="DatagramSize"/> (the kernel cut it).</summary>
    public bool IsTruncated(int index) => (*(int*)(Header(index) + MsgFlagsOffset) & MsgTrunc) != 0;

    /// <summary>The received bytes of entry <paramref name="index"/> (writable: SRTP decrypts in place).</summary>
    public Span<byte> Datagram(int index) =>
        new(_data + (index * DatagramSize), (int)Math.Min(*(uint*)(Header(index) + MsgLenOffset), DatagramSize));

    /// <summary>
    /// Copies entry <paramref name="index"/>'s source (the raw sockaddr, as the socket path stores it) into
    /// <paramref name="address"/> without allocating. False when it does not fit (another address family).
    /// </summary>
    public bool TryCopySource(int index, SocketAddress address)
    {
        int length = (int)*(uint*)(Header(index) + MsgNameLenOffset);
        Memory<byte> buffer = address.Buffer;
        if (length <= 0 || length > buffer.Length || length > SockaddrStorageSize)
        {
            return false;
        }

        new ReadOnlySpan<byte>(_names + (index * SockaddrStorageSize), length).CopyTo(buffer.Span);
        address.Size = length;
        return true;
    }

    public void Dispose() => NativeMemory.AlignedFree(_block);

    private byte* Header(int index) => _headers + (index * MmsghdrSize);
}
