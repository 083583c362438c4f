using Bridge.Sdp;

namespace Bridge.WebRtc.Ice;

/// <summary>
/// The SDP attributes an ICE-lite answer carries (RFC 8839 §5): <c>a=ice-lite</c> at session level,
/// then <c>a=ice-ufrag</c>, <c>a=ice-pwd</c>, one <c>a=candidate</c> per host candidate and
/// <c>a=end-of-candidates</c> (RFC 8840 §8.2: a lite agent gathers nothing later) in the media section.
/// Placing them into a description is the SDP writer's job.
/// </summary>
public static class IceSdpAttributes
{
    /// <summary><c>a=ice-lite</c> (RFC 8839 §5.3), session level.</summary>
    public static SdpAttribute IceLite { get; } = new("ice-lite");

    /// <summary><c>a=end-of-candidates</c> (RFC 8840 §8.2).</summary>
    public static SdpAttribute EndOfCandidates { get; } = new("end-of-candidates");

    /// <summary>The session-level attributes: <c>a=ice-lite</c>.</summary>
    public static IReadOnlyList<SdpAttribute> Session() => [IceLite];

    /// <summary>The media-level attributes for <paramref name="credentials"/> and <paramref name="candidates"/>.</summary>
    public static IReadOnlyList<SdpAttribute> Media(IceCredentials credentials, IReadOnlyList<IceCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(candidates);
        var attributes = new List<SdpAttribute>(candidates.Count + 3)
        {
            new("ice-ufrag", credentials.Ufrag),
            new("ice-pwd", credentials.Password),
        };
        foreach (var candidate in candidates)
        {
            attributes.Add(new SdpAttribute("candidate", candidate.ToSdpValue()));
        }

        attributes.Add(EndOfCandidates);
        return attributes;
    }
}
