using System.Buffers.Binary;

namespace Bridge.Rtp;

/// <summary>Walks the chunks and items of an SDES body (RFC 3550 §6.5): each chunk is an SSRC, items, a null item, padding to 32 bits.</summary>
public ref struct RtcpSdesReader
{
    /// <summary>The CNAME item type (§6.5.1).</summary>
    public const byte CnameItem = 1;

    private readonly ReadOnlySpan<byte> _body;
    private int _chunksLeft;
    private int _offset;
    private int _chunkStart;
    private bool _inChunk;

    /// <summary>Reads <paramref name="chunkCount"/> chunks (SC) from an SDES body.</summary>
    public RtcpSdesReader(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _chunksLeft = chunkCount;
        _offset = 0;
        _chunkStart = 0;
        _inChunk = false;
    }

    /// <summary>Moves to the next chunk (skipping the rest of the current one).</summary>
    public bool TryReadChunk(out uint ssrc)
    {
        ssrc = 0;
        while (_inChunk && TryReadItem(out _, out _))
        {
        }

        if (_chunksLeft <= 0 || _offset + 4 > _body.Length)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(_body[_offset..]);
        _chunkStart = _offset;
        _offset += 4;
        _chunksLeft--;
        _inChunk = true;
        return true;
    }

    /// <summary>Reads the next item of the current chunk; false at the end of the chunk or on malformed input.</summary>
    public bool TryReadItem(out byte type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (!_inChunk)
        {
            return false;
        }

        if (_offset >= _body.Length || _body[_offset] == 0)
        {
            // Null item ends the chunk; the chunk is padded to a 32-bit boundary from its start.
            _inChunk = false;
            int used = _offset + 1 - _chunkStart;
            _offset = _chunkStart + ((used + 3) & ~3);
            return false;
        }

        if (_offset + 2 > _body.Length || _offset + 2 + _body[_offset + 1] > _body.Length)
        {
            _inChunk = false;
            _chunksLeft = 0;
            return false;
        }

        type = _body[_offset];
        int length = _body[_offset + 1];
        value = _body.Slice(_offset + 2, length);
        _offset += 2 + length;
        return true;
    }
}
