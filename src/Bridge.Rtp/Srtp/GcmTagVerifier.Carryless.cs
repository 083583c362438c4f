using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// GHASH's multiply by H with the CPU's carry-less multiply (PCLMULQDQ), after Gueron and Kounavis, "Intel Carry-Less
/// Multiplication Instruction and its Usage for Computing the GCM Mode" (2014), algorithms 1 and 5: the operands are the
/// blocks byte-reflected (a block read as a big-endian 128-bit number: high half first), multiplied into 256 bits in four
/// 64×64 products, shifted left by one bit (GCM's bit order is reflected), and reduced modulo x^128 + x^7 + x^2 + x + 1.
/// Same results as the table (<see cref="GcmTagVerifierTests"/> in the tests compare both with .NET's AesGcm).
/// </summary>
internal sealed partial class GcmTagVerifier
{
    private bool _carryless;
    private Vector128<ulong> _reflectedH;

    private void UseCarryless(bool allowed, ulong hh, ulong hl)
    {
        _carryless = allowed && Pclmulqdq.IsSupported;
        _reflectedH = Vector128.Create(hl, hh);
    }

    private void ForgetCarryless() => _reflectedH = Vector128<ulong>.Zero;

    /// <summary>(xh, xl) = X · H, X given as the two big-endian halves of the block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MultiplyCarryless(ref ulong xh, ref ulong xl)
    {
        Vector128<ulong> product = Multiply(Vector128.Create(xl, xh), _reflectedH);
        xl = product.GetElement(0);
        xh = product.GetElement(1);
    }

    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        // The 256-bit product <high:low> (algorithm 1, schoolbook).
        Vector128<ulong> low = Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        Vector128<ulong> middle = Pclmulqdq.CarrylessMultiply(a, b, 0x10) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x01);
        Vector128<ulong> high = Pclmulqdq.CarrylessMultiply(a, b, 0x11);
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
