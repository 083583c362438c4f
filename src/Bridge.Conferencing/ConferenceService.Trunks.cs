using Bridge.DialPlans.Trunks;

namespace Bridge.Conferencing;

/// <summary>The dial plan's trunks (issue 12) for the call layer: taken from the plan in force, so a reload applies to
/// the next call.</summary>
public sealed partial class ConferenceService
{
    /// <summary>The trunks of the current dial plan.</summary>
    public TrunkTable Trunks => DialPlans.Current.Trunks;
}
