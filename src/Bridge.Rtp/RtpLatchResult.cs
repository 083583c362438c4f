namespace Bridge.Rtp;

/// <summary>What <see cref="RtpSourceLatch"/> decided about one packet.</summary>
internal enum RtpLatchResult
{
    /// <summary>From a source that may not send to this session: drop it.</summary>
    Dropped,

    /// <summary>From the latched source.</summary>
    Accepted,

    /// <summary>The first source, learnt now.</summary>
    Latched,

    /// <summary>The source moved (a continuing stream from a new address, or the signalled address early in the call).</summary>
    Relatched,
}
