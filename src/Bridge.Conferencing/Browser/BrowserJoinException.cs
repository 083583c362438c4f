namespace Bridge.Conferencing.Browser;

/// <summary>A browser could not join; <see cref="Exception.Message"/> is fit to show the user (no internals, no PINs).</summary>
public sealed class BrowserJoinException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public BrowserJoinException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause (for the log only).</summary>
    public BrowserJoinException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public BrowserJoinException()
        : base("Could not join the room.")
    {
    }
}
