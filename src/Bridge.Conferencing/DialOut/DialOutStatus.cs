namespace Bridge.Conferencing.DialOut;

/// <summary>One call out as reported to its asker: never the full number, only <see cref="MaskedNumber"/> (<c>***123</c>).</summary>
public sealed record DialOutStatus(string Id, string Room, string MaskedNumber, DialOutState State, DateTimeOffset StartedAt);
