using Bridge.Calls.Registration;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Configuration;

/// <summary>Keys under <c>Bridge:Trunks</c> (issue 12): the back-off of failed registrations; README's table lists them.</summary>
internal static partial class BridgeOptionsReader
{
    private static RegistrationBackoff ReadRegistrationBackoff(IConfigurationSection section, List<string> problems)
    {
        var defaults = new RegistrationBackoff();
        var baseSeconds = ReadWhole(section, "Trunks:RegisterRetryBaseSeconds", (int)defaults.Base.TotalSeconds, 1, 3600, problems);
        var maxSeconds = ReadWhole(section, "Trunks:RegisterRetryMaxSeconds", (int)defaults.Max.TotalSeconds, 1, 86400, problems);
        if (maxSeconds < baseSeconds)
        {
            problems.Add($"Bridge:Trunks:RegisterRetryMaxSeconds ({maxSeconds}) must not be smaller than Bridge:Trunks:RegisterRetryBaseSeconds ({baseSeconds})");
        }

        return new RegistrationBackoff { Base = TimeSpan.FromSeconds(baseSeconds), Max = TimeSpan.FromSeconds(maxSeconds) };
    }
}
