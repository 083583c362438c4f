using Bridge.Sip.Resolver;
using Bridge.Sip.Stack;

namespace Bridge.Calls.Trunks;

/// <summary>
/// RFC 3263 §4.3 for a call out: the located servers are tried in order. A server that could not be reached (transport
/// error, or nothing heard from it within the per-server budget; <see cref="OutgoingCallResult.Unreached"/>) or that
/// answered 503 is passed over for the next one; the first other final answer (2xx, 486, 404, …) ends the search, as does
/// the caller's ring time running out. When every server failed, the last result stands.
/// </summary>
internal static class DialOutFailover
{
    /// <summary>One server was passed over: its index (0-based), the server, and what it gave.</summary>
    internal delegate void PassedOver(int index, SipServerTarget target, OutgoingCallResult result);

    /// <summary>Calls <paramref name="attempt"/> for each of <paramref name="targets"/> until one gives a final answer that
    /// is not 503; returns that result and the index of the server that gave it.</summary>
    public static async Task<(OutgoingCallResult Result, int Index)> CallAsync(IReadOnlyList<SipServerTarget> targets,
        Func<SipServerTarget, CancellationToken, Task<OutgoingCallResult>> attempt, PassedOver passedOver, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(passedOver);
        if (targets.Count == 0)
        {
            return (new OutgoingCallResult(503, "Service Unavailable", null) { Unreached = true }, -1);
        }

        for (var i = 0; ; i++)
        {
            var result = await attempt(targets[i], ct).ConfigureAwait(false);
            if (result.IsAnswered || !ShouldTryNext(result) || ct.IsCancellationRequested || i == targets.Count - 1)
            {
                return (result, i);
            }

            passedOver(i, targets[i], result);
        }
    }

    /// <summary>§4.3: a transport error or timeout (nothing final from the server), or a 503 from it.</summary>
    internal static bool ShouldTryNext(OutgoingCallResult result) => result.Unreached || result.StatusCode == 503;
}
