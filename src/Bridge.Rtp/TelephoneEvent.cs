using System.Buffers.Binary;

namespace Bridge.Rtp;

/// <summary>
/// One RFC 4733 telephone event as reported by the <see cref="TelephoneEventReceiver"/> (§2.3): a DTMF key (events 0–15).
/// </summary>
/// <param name="Code">The event code (0–9 digits, 10 '*', 11 '#', 12–15 'A'–'D').</param>
/// <param name="Duration">Duration in timestamp units as last reported by the sender.</param>
/// <param name="Ssrc">The SSRC of the event stream (it may differ from the audio's).</param>
/// <param name="EndReceived">False when the event ended by timeout because no end packet arrived.</param>
public readonly record struct TelephoneEvent(int Code, int Duration, uint Ssrc, bool EndReceived)
{
    /// <summary>Length of the event payload (§2.3).</summary>
    public const int PayloadLength = 4;

    private const string Digits = "0123456789*#ABCD";

    /// <summary>The DTMF character of <see cref="Code"/>.</summary>
    public char Digit => CodeToDigit(Code);

    /// <summary>Maps an event code 0–15 to its DTMF character (§3.2); '\0' for anything else.</summary>
    public static char CodeToDigit(int code) => (uint)code < 16 ? Digits[code] : '\0';

    /// <summary>Maps a DTMF character (0-9, *, #, A-D, case-insensitive) to its event code; -1 when it is not a DTMF key.</summary>
    public static int DigitToCode(char digit) => Digits.IndexOf(char.ToUpperInvariant(digit), StringComparison.Ordinal);

    /// <summary>Reads an event payload (§2.3): event, E bit, volume, duration. False if shorter than 4 octets.</summary>
    public static bool TryReadPayload(ReadOnlySpan<byte> payload, out int code, out bool end, out int volume, out int duration)
    {
        code = 0;
        end = false;
        volume = 0;
        duration = 0;
        if (payload.Length < PayloadLength)
        {
            return false;
        }

        code = payload[0];
        end = (payload[1] & 0x80) != 0;
        volume = payload[1] & 0x3F;
        duration = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
        return true;
    }

    /// <summary>Writes an event payload (§2.3); volume in -dBm0 (0–63), duration in timestamp units (0–65535).</summary>
    public static bool TryWritePayload(Span<byte> destination, int code, bool end, int volume, int duration)
    {
        if (destination.Length < PayloadLength || (uint)code > 255 || (uint)volume > 63 || (uint)duration > ushort.MaxValue)
        {
            return false;
        }

        destination[0] = (byte)code;
        destination[1] = (byte)((end ? 0x80 : 0) | volume);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)duration);
        return true;
    }
}
