using System.Text.RegularExpressions;
using Bridge.Service.Configuration;
using Bridge.Service.Hosting;
using Bridge.Service.Tests.Commands;
using Bridge.Service.Tests.Configuration;

namespace Bridge.Service.Tests.Release;

/// <summary>Issue 15: one version (Directory.Build.props) in <c>bridge --version</c>, the SIP header only on request.</summary>
public sealed partial class ProductVersionTests
{
    private static string PropsVersion()
    {
        var props = File.ReadAllText(RepositoryFiles.Path("Directory.Build.props"));
        return VersionElement().Match(props).Groups[1].Value;
    }

    [Fact]
    public async Task Bridge_version_prints_the_version_of_Directory_Build_props()
    {
        var (exitCode, output) = await BridgeCommand.RunAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", PropsVersion());
        Assert.Equal(PropsVersion(), output.Trim());
        Assert.Equal(PropsVersion(), ProductVersion.Text);
    }

    [Fact]
    public void The_sip_header_names_the_product_only_unless_the_admin_turns_the_version_on()
    {
        Assert.Equal("Bridge", ProductVersion.SipAgent(showVersion: false));
        Assert.Equal("Bridge/" + PropsVersion(), ProductVersion.SipAgent(showVersion: true));
    }

    [Fact]
    public void Show_version_is_off_by_default_and_read_from_Bridge_Sip_ShowVersion()
    {
        Assert.False(SecurityOptionsReaderTests.Read(out var none).SipShowVersion);
        Assert.Empty(none);

        Assert.True(SecurityOptionsReaderTests.Read(out var errors, ("Bridge:Sip:ShowVersion", "true")).SipShowVersion);
        Assert.Empty(errors);

        SecurityOptionsReaderTests.Read(out var bad, ("Bridge:Sip:ShowVersion", "sometimes"));
        Assert.Contains(bad, e => e.StartsWith("Bridge:Sip:ShowVersion", StringComparison.Ordinal));
    }

    [Fact]
    public void The_start_description_carries_the_version_and_the_runtime()
    {
        var text = ProductVersion.Describe();

        Assert.StartsWith("Bridge " + PropsVersion() + " (.NET ", text, StringComparison.Ordinal);
        Assert.Contains("framework-dependent", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
