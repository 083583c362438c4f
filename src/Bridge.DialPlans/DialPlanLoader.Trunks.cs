using System.Globalization;
using Bridge.DialPlans.Trunks;

namespace Bridge.DialPlans;

/// <summary>Checks across files for the <c>trunks:</c> sections: names are unique and no source address belongs to
/// two trunks (a call must be recognised as one trunk only).</summary>
public static partial class DialPlanLoader
{
    private sealed class TrunkMerge
    {
        private readonly List<TrunkConfig> _trunks = [];
        private readonly Dictionary<string, string> _places = new(StringComparer.Ordinal);

        public void Add(string file, DialPlanFileParser parser, List<DialPlanError> errors)
        {
            for (var i = 0; i < parser.Trunks.Count; i++)
            {
                var trunk = parser.Trunks[i];
                var (line, column) = parser.TrunkPositions[i];
                if (_places.TryGetValue(trunk.Name, out var first))
                {
                    errors.Add(new DialPlanError(file, line, column, $"duplicate trunk name {trunk.Name} (first defined at {first})"));
                    continue;
                }

                if (Conflict(trunk) is { } message)
                {
                    errors.Add(new DialPlanError(file, line, column, message));
                    continue;
                }

                _trunks.Add(trunk);
                _places.Add(trunk.Name, string.Create(CultureInfo.InvariantCulture, $"{file}:{line}:{column}"));
            }
        }

        public TrunkTable ToTable() => _trunks.Count == 0 ? TrunkTable.Empty : new TrunkTable(_trunks);

        /// <summary>Two trunks whose addresses overlap are ambiguous unless their certificate subjects tell them apart.</summary>
        private string? Conflict(TrunkConfig trunk)
        {
            foreach (var other in _trunks)
            {
                if (trunk.CertificateSubject is not null && other.CertificateSubject is not null
                    && !string.Equals(trunk.CertificateSubject, other.CertificateSubject, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                foreach (var range in trunk.Addresses)
                {
                    foreach (var taken in other.Addresses)
                    {
                        if (range.Overlaps(taken))
                        {
                            return $"trunk {trunk.Name}: address {range} overlaps {taken} of trunk {other.Name} ({_places[other.Name]})";
                        }
                    }
                }

                if (trunk.Addresses.Count == 0 && other.Addresses.Count == 0 && trunk.CertificateSubject is not null
                    && string.Equals(trunk.CertificateSubject, other.CertificateSubject, StringComparison.OrdinalIgnoreCase))
                {
                    return $"trunk {trunk.Name}: certificate subject {trunk.CertificateSubject} is already trunk {other.Name}'s ({_places[other.Name]})";
                }
            }

            return null;
        }
    }
}
