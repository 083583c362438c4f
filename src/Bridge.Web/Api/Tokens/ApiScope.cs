namespace Bridge.Web.Api.Tokens;

/// <summary>What an API token may do.</summary>
public enum ApiScope
{
    /// <summary>Read rooms, participants, records and metrics.</summary>
    Read,

    /// <summary>Everything <see cref="Read"/> may, and the actions (mute, remove, lock, end).</summary>
    Admin,
}
