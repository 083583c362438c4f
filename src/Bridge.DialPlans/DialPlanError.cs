using System.Globalization;

namespace Bridge.DialPlans;

/// <summary>One problem in a dial plan file; line and column are 1-based (0 when the problem is the file itself).</summary>
public sealed record DialPlanError(string File, int Line, int Column, string Message)
{
    /// <summary>The compiler-style form admins know: <c>file:line:column: message</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Message}");
}
