namespace Bridge.LoadTests;

/// <summary>A conference server under load: started by the harness, joined by plain-RTP PCMU participants.</summary>
internal interface ILoadServer : IAsyncDisposable
{
    /// <summary>Name in the table.</summary>
    string Name { get; }

    /// <summary>The server's process (its children are counted with it).</summary>
    int ProcessId { get; }

    /// <summary>Puts <paramref name="participant"/> into the one room; returns when its media can flow.</summary>
    Task JoinAsync(RtpParticipant participant, CancellationToken cancel);

    /// <summary>Waits until <paramref name="count"/> participants are in the room (or <paramref name="limit"/> passed).</summary>
    Task<int> WaitForRoomAsync(int count, TimeSpan limit);
}
