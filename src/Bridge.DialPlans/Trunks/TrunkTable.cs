using System.Net;

namespace Bridge.DialPlans.Trunks;

/// <summary>The trunks of one dial plan, in file order; <see cref="Find"/> returns the first that matches.</summary>
public sealed class TrunkTable
{
    private readonly TrunkConfig[] _trunks;

    internal TrunkTable(IEnumerable<TrunkConfig> trunks) => _trunks = [.. trunks];

    /// <summary>A plan without trunks.</summary>
    public static TrunkTable Empty { get; } = new([]);

    /// <summary>All trunks in file order.</summary>
    public IReadOnlyList<TrunkConfig> All => _trunks;

    /// <summary>Number of trunks.</summary>
    public int Count => _trunks.Length;

    /// <summary>The trunk a request from <paramref name="address"/> (TLS client certificate subject
    /// <paramref name="certificateSubject"/>, or null) comes through, or null for an undeclared source.</summary>
    public TrunkConfig? Find(IPAddress address, string? certificateSubject)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var trunk in _trunks)
        {
            if (trunk.Matches(address, certificateSubject))
            {
                return trunk;
            }
        }

        return null;
    }

    /// <summary>The trunk named <paramref name="name"/>, or null.</summary>
    public TrunkConfig? Named(string name)
    {
        foreach (var trunk in _trunks)
        {
            if (string.Equals(trunk.Name, name, StringComparison.Ordinal))
            {
                return trunk;
            }
        }

        return null;
    }

    /// <summary>Trunks recognised by digest credentials only (no address or certificate), tried after <see cref="Find"/>.</summary>
    public IEnumerable<TrunkConfig> DigestOnly => _trunks.Where(t => t.Auth == TrunkAuth.Digest && t.Addresses.Count == 0 && t.CertificateSubject is null);
}
