namespace Bridge.Rtp.Tests.Srtp;

/// <summary>Hex strings as the RFCs print them (spaces and line breaks allowed).</summary>
internal static class Hex
{
    public static byte[] Parse(string hex) =>
        Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)
            .Replace("\n", string.Empty, StringComparison.Ordinal)
            .Replace("\r", string.Empty, StringComparison.Ordinal));
}
