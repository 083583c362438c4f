using System.Globalization;

namespace Bridge.DialPlans.Trunks;

/// <summary>One line per trunk for <c>bridge dialplan check</c> and the start-up report (never a password).</summary>
public static class TrunkSummary
{
    /// <summary>Writes one line per trunk of <paramref name="trunks"/>.</summary>
    public static void Write(TrunkTable trunks, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(trunks);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var trunk in trunks.All)
        {
            output.WriteLine(Describe(trunk));
        }
    }

    /// <summary>The trunk in one line: how it is matched, its limits and options.</summary>
    public static string Describe(TrunkConfig trunk)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        var parts = new List<string>();
        if (trunk.Addresses.Count > 0)
        {
            parts.Add("addresses " + string.Join(", ", trunk.Addresses));
        }

        if (trunk.CertificateSubject is not null)
        {
            parts.Add("certificate " + trunk.CertificateSubject);
        }

        if (trunk.Auth == TrunkAuth.Digest)
        {
            parts.Add("digest auth");
        }

        parts.Add(trunk.MaxCalls > 0 ? string.Create(CultureInfo.InvariantCulture, $"{trunk.MaxCalls} calls") : "calls: bridge total");
        parts.Add(trunk.CallsPerSecond > 0 ? string.Create(CultureInfo.InvariantCulture, $"{trunk.CallsPerSecond}/s") : "no rate limit of its own");
        if (trunk.TrustIdentity)
        {
            parts.Add("trusts P-Asserted-Identity");
        }

        if (trunk.StripPrefixes.Count > 0)
        {
            parts.Add("strips " + string.Join(", ", trunk.StripPrefixes));
        }

        if (trunk.Register is { } register)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"registers as {register.User} at {register.Registrar} every {register.Expires} s"));
        }

        if (trunk.DialOut is { } dialOut)
        {
            parts.Add("dial-out " + string.Join(" ", dialOut.AllowText));
        }

        return "  trunk " + trunk.Name + ": " + string.Join("; ", parts);
    }
}
