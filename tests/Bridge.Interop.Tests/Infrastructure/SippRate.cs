using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// sipp's <c>-r</c> for a run. sipp places its first call one rate period after it starts: at <c>-r 1</c> a run of one
/// call idles 1 s before its INVITE (measured with strace: 1.01 s at -r 1, 0.1 s at -r 10). A run of one call has no rate
/// to keep, so it is started at once (-r 20: after 50 ms); runs of several calls keep the rate they ask for.
/// </summary>
public static class SippRate
{
    private const int SingleCallRate = 20;

    /// <summary>The value of <c>-r</c> for <paramref name="calls"/> calls asked at <paramref name="rate"/> calls per second.</summary>
    public static string Argument(int calls, int rate) =>
        (calls == 1 ? Math.Max(rate, SingleCallRate) : rate).ToString(CultureInfo.InvariantCulture);
}
