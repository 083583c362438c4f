namespace Bridge.Conferencing.DialOut;

/// <summary>What a number to call out may look like, wherever it comes from (keypad, page, API).</summary>
public static class DialOutNumber
{
    /// <summary>Longest number taken.</summary>
    public const int MaxLength = 32;

    /// <summary>1 to <see cref="MaxLength"/> characters of <c>0-9 + * #</c>.</summary>
    public static bool IsWellFormed(string? number) =>
        number is { Length: > 0 and <= MaxLength } && number.All(static c => char.IsAsciiDigit(c) || c is '+' or '*' or '#');
}
