namespace Bridge.DialPlans.Tests;

public sealed class DialPlanCheckTests
{
    [Fact]
    public void ValidPlanExitsZero()
    {
        using var output = new StringWriter();

        var code = DialPlanCheck.Run(RepoPaths.DialPlans, output);

        Assert.Equal(0, code);
        Assert.StartsWith("OK: 5 route(s), 2 room(s) in 1 file(s)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenPlanExitsOneAndPrintsPositions()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("plan.yaml", "rooms:\n  - number: \"4711\"\n    pin: \"12\"\n");
        using var output = new StringWriter();

        var code = DialPlanCheck.Run(file, output);

        Assert.Equal(1, code);
        Assert.Contains(file + ":3:10: room 4711: 'pin' is shorter than 6 digits", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 error(s)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPathExitsOne()
    {
        using var output = new StringWriter();

        Assert.Equal(1, DialPlanCheck.Run("/nonexistent/bridge/plan.yaml", output));
        Assert.Equal(1, DialPlanCheck.Run(string.Empty, output));
    }
}
