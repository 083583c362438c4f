using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// GHASH's multiply by H with the CPU's carry-less multiply (PCLMULQDQ, <see cref="GhashCarryless"/>), one block at a
/// time. Same results as the table (<see cref="GcmTagVerifierTests"/> in the tests compare both with .NET's AesGcm).
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
        Vector128<ulong> product = GhashCarryless.Multiply(Vector128.Create(xl, xh), _reflectedH);
        xl = product.GetElement(0);
        xh = product.GetElement(1);
    }
}
