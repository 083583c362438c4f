using Bridge.DialPlans.Trunks;

namespace Bridge.Calls;

/// <summary>
/// Calls out (issue 12 dial-out) count like calls in: against the trunk's <c>limits.calls</c> (concurrent, both directions
/// together) and the bridge's total, from the INVITE until the call ends. They have no caller behind the trunk and do not
/// draw on the trunk's <c>callsPerSecond</c>, which limits what the PBX sends us.
/// </summary>
internal sealed partial class CallAdmission
{
    /// <summary>Counts a call out through <paramref name="trunk"/>; false (nothing counted) when the trunk or the bridge is full.</summary>
    public bool TryAdmitOutgoing(TrunkConfig trunk)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        lock (_gate)
        {
            _perTrunk.TryGetValue(trunk.Name, out var trunkCalls);
            if (_total >= MaxCalls || (trunk.MaxCalls > 0 && trunkCalls >= trunk.MaxCalls))
            {
                return false;
            }

            _perTrunk[trunk.Name] = trunkCalls + 1;
            _total++;
            return true;
        }
    }

    /// <summary>Forgets one call out through <paramref name="trunk"/> counted before.</summary>
    public void ReleaseOutgoing(TrunkConfig trunk)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        lock (_gate)
        {
            if (Decrement(_perTrunk, trunk.Name))
            {
                _total--;
            }
        }
    }
}
