namespace Bridge.WebRtc.Stun;

/// <summary>
/// CRC-32 of ISO 3309 / ITU-T V.42 (reflected polynomial 0xEDB88320), as FINGERPRINT uses it
/// (RFC 8489 §14.7). Table driven; a few bytes per message, so no vectorised version is needed.
/// </summary>
internal static class StunCrc32
{
    private static readonly uint[] Table = CreateTable();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var table = Table;
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
