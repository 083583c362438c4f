namespace Bridge.Conferencing.Pins;

/// <summary>A room received so many wrong PINs that it went into slow mode: someone is probably guessing.</summary>
public sealed class PinAlertEventArgs(string room, int failures, DateTimeOffset at) : EventArgs
{
    /// <summary>The room number.</summary>
    public string Room { get; } = room;

    /// <summary>Wrong PINs within the window.</summary>
    public int Failures { get; } = failures;

    /// <summary>When slow mode started.</summary>
    public DateTimeOffset At { get; } = at;
}
