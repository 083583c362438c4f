using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// GHASH's multiplication in GF(2^128) (NIST SP 800-38D §6.3) with the CPU's carry-less multiply (PCLMULQDQ), after
/// Gueron and Kounavis, "Intel Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode" (2014),
/// algorithms 1 and 5: the operands are the blocks byte-reflected (a block read as a big-endian 128-bit number: high
/// half first, see <see cref="Load"/>), multiplied into 256 bits in four 64×64 products, shifted left by one bit (GCM's
/// bit order is reflected), and reduced modulo x^128 + x^7 + x^2 + x + 1. Shift and reduction are linear, so the
/// products of several blocks by several powers of H may be added (<see cref="Accumulate"/>) and reduced once
/// (<see cref="Reduce"/>): the aggregated reduction of the same paper, §4. Only where <see cref="IsSupported"/>.
/// </summary>
internal static class GhashCarryless
{
    private static readonly Vector128<byte> ReverseOctets = Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    /// <summary>True where the CPU has PCLMULQDQ and SSSE3's byte shuffle.</summary>
    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>A 16-octet block as GHASH's operand: the big-endian number, low half in element 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Load(Vector128<byte> block) => Ssse3.Shuffle(block, ReverseOctets).AsUInt64();

    /// <summary>The inverse of <see cref="Load"/>: the 16 octets of a GHASH value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Store(Vector128<ulong> value) => Ssse3.Shuffle(value.AsByte(), ReverseOctets);

    /// <summary>a · b, reduced.</summary>
    public static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        Vector128<ulong> low = Vector128<ulong>.Zero;
        Vector128<ulong> middle = Vector128<ulong>.Zero;
        Vector128<ulong> high = Vector128<ulong>.Zero;
        Accumulate(a, b, ref low, ref middle, ref high);
        return Reduce(low, middle, high);
    }

    /// <summary>Adds the unreduced 256-bit product a · b (schoolbook: low, the two middle products, high) to the sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accumulate(Vector128<ulong> a, Vector128<ulong> b, ref Vector128<ulong> low, ref Vector128<ulong> middle, ref Vector128<ulong> high)
    {
        low ^= Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        middle ^= Pclmulqdq.CarrylessMultiply(a, b, 0x10) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x01);
        high ^= Pclmulqdq.CarrylessMultiply(a, b, 0x11);
    }

    /// <summary>The sum of products accumulated in <paramref name="low"/>, <paramref name="middle"/>, <paramref name="high"/>, shifted and reduced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Reduce(Vector128<ulong> low, Vector128<ulong> middle, Vector128<ulong> high)
    {
        // The 256-bit product <high:low> (algorithm 1, schoolbook).
        low ^= Sse2.ShiftLeftLogical128BitLane(middle, 8);
        high ^= Sse2.ShiftRightLogical128BitLane(middle, 8);

        // Shift the 256 bits left by one (the reflected bit order).
        Vector128<uint> low32 = low.AsUInt32();
        Vector128<uint> high32 = high.AsUInt32();
        Vector128<uint> lowCarry = Sse2.ShiftRightLogical(low32, 31);
        Vector128<uint> highCarry = Sse2.ShiftRightLogical(high32, 31);
        low32 = Sse2.ShiftLeftLogical(low32, 1);
        high32 = Sse2.ShiftLeftLogical(high32, 1);
        Vector128<uint> across = Sse2.ShiftRightLogical128BitLane(lowCarry, 12);
        highCarry = Sse2.ShiftLeftLogical128BitLane(highCarry, 4);
        lowCarry = Sse2.ShiftLeftLogical128BitLane(lowCarry, 4);
        low32 |= lowCarry;
        high32 = high32 | highCarry | across;

        // Reduce modulo x^128 + x^7 + x^2 + x + 1 (algorithm 5).
        Vector128<uint> first = Sse2.ShiftLeftLogical(low32, 31) ^ Sse2.ShiftLeftLogical(low32, 30) ^ Sse2.ShiftLeftLogical(low32, 25);
        Vector128<uint> spill = Sse2.ShiftRightLogical128BitLane(first, 4);
        first = Sse2.ShiftLeftLogical128BitLane(first, 12);
        low32 ^= first;
        Vector128<uint> second = Sse2.ShiftRightLogical(low32, 1) ^ Sse2.ShiftRightLogical(low32, 2) ^ Sse2.ShiftRightLogical(low32, 7) ^ spill;
        low32 ^= second;
        return (high32 ^ low32).AsUInt64();
    }
}
