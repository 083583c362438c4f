using Bridge.Rtp.Srtp;

namespace Bridge.WebRtc.Dtls;

/// <summary>
/// The <c>use_srtp</c> protection profiles (RFC 5764 §4.1.2, RFC 7714 §14.2) the bridge offers and accepts,
/// in its order of preference, and the choice between them.
/// </summary>
internal static class DtlsSrtpProfiles
{
    /// <summary>Maps suites to profile ids, keeping the order and leaving out suites DTLS-SRTP does not define.</summary>
    public static int[] FromSuites(IReadOnlyList<SrtpSuite> suites)
    {
        var profiles = new List<int>(suites.Count);
        foreach (var suite in suites)
        {
            if (SrtpSuites.TryGetDtlsProfile(suite, out var profile) && !profiles.Contains(profile))
            {
                profiles.Add(profile);
            }
        }

        return [.. profiles];
    }

    /// <summary>
    /// The server's choice (RFC 5764 §4.1.1: one profile from the client's list): the first of ours, in our order
    /// of preference, that the client offered; -1 when none is common.
    /// </summary>
    public static int Select(ReadOnlySpan<int> ours, ReadOnlySpan<int> offered)
    {
        foreach (var profile in ours)
        {
            if (offered.Contains(profile))
            {
                return profile;
            }
        }

        return -1;
    }
}
