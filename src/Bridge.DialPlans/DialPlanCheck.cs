using System.Globalization;
using Bridge.DialPlans.Trunks;

namespace Bridge.DialPlans;

/// <summary>Backs <c>bridge dialplan check [PATH]</c>: prints every error as <c>file:line:column: message</c>.</summary>
public static class DialPlanCheck
{
    /// <summary>Validates <paramref name="path"/>; returns 0 when it loads, 1 when it has errors.</summary>
    public static int Run(string path, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrEmpty(path))
        {
            output.WriteLine("error: no dial plan path given");
            return 1;
        }

        var result = DialPlanLoader.Load(path);
        if (result.Plan is { } plan)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"OK: {plan.RouteCount} route(s), {plan.Rooms.Count} room(s) in {plan.Files.Count} file(s)"));
            TrunkSummary.Write(plan.Trunks, output);
            return 0;
        }

        foreach (var error in result.Errors)
        {
            output.WriteLine(error.ToString());
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Errors.Count} error(s)"));
        return 1;
    }
}
