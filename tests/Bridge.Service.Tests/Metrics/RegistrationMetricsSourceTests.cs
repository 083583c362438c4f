using Bridge.Conferencing.Metrics;
using Bridge.Service.Metrics;

namespace Bridge.Service.Tests.Metrics;

/// <summary>bridge_registration_state: 1 per registered trunk, 0 per failing one, nothing before the registrations run.</summary>
public sealed class RegistrationMetricsSourceTests
{
    [Fact]
    public void RegisteredTrunksAreOneFailingTrunksZero()
    {
        var states = new Dictionary<string, string> { ["pbx-b"] = "failed: 403 Forbidden", ["pbx-a"] = "registered" };
        var writer = new MetricsWriter();
        new RegistrationMetricsSource(() => states).Collect(writer);
        var text = writer.ToString();
        Assert.Contains("bridge_registrations 2\n", text, StringComparison.Ordinal);
        Assert.Contains("bridge_registration_state{trunk=\"pbx-a\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("bridge_registration_state{trunk=\"pbx-b\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("403", text, StringComparison.Ordinal); // the reason stays in the log
    }

    [Fact]
    public void BeforeTheRegistrationsRunTheFamiliesAreEmpty()
    {
        var writer = new MetricsWriter();
        new RegistrationMetricsSource(() => null).Collect(writer);
        var text = writer.ToString();
        Assert.Contains("bridge_registrations 0\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE bridge_registration_state gauge\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bridge_registration_state{", text, StringComparison.Ordinal);
    }
}
