using System.Security.Claims;

namespace Bridge.Web.Api.SignIn;

/// <summary>A claim type and the values of it that grant a scope (e.g. <c>groups</c> = <c>bridge-admins</c>); values match exactly.</summary>
public sealed record ClaimRule(string Claim, IReadOnlyList<string> Values)
{
    /// <summary>Whether <paramref name="principal"/> has the claim with one of the values (a JSON array claim is one claim per element).</summary>
    public bool Matches(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        foreach (var claim in principal.FindAll(Claim))
        {
            foreach (var value in Values)
            {
                if (string.Equals(claim.Value, value, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
