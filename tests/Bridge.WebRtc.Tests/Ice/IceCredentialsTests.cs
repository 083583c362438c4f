using System.Net;
using Bridge.WebRtc.Ice;

namespace Bridge.WebRtc.Tests.Ice;

public sealed class IceCredentialsTests
{
    [Fact]
    public void GeneratedCredentialsAreLongEnoughIceCharsAndDiffer()
    {
        var a = IceCredentials.Generate();
        var b = IceCredentials.Generate();
        Assert.True(a.Ufrag.Length >= 4);
        Assert.True(a.Password.Length >= 22);
        Assert.Matches("^[A-Za-z0-9+/]+$", a.Ufrag + a.Password);
        Assert.NotEqual(a.Password, b.Password);
        Assert.NotEqual(a.Ufrag, b.Ufrag);
    }

    [Fact]
    public void ToStringNeverShowsThePassword()
    {
        var credentials = IceCredentials.Generate();
        Assert.DoesNotContain(credentials.Password, credentials.ToString(), StringComparison.Ordinal);
        Assert.Contains(credentials.Ufrag, credentials.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "0123456789012345678901")] // ufrag too short
    [InlineData("abcd", "012345678901234567890")] // password too short
    [InlineData("ab:d", "0123456789012345678901")] // ':' is not an ice-char
    [InlineData("abcd", "01234567890123456789 1")]
    public void InvalidValuesAreRefused(string ufrag, string password) =>
        Assert.Throws<ArgumentException>(() => new IceCredentials(ufrag, password));

    [Fact]
    public void SdpAttributesCarryIceLiteUfragPwdCandidatesAndEndOfCandidates()
    {
        var credentials = new IceCredentials("UfRg", "0123456789abcdefghijKL");
        using var agent = new IceLiteAgent(credentials, [new IPEndPoint(IPAddress.Parse("192.0.2.1"), 40000), new IPEndPoint(IPAddress.Parse("2001:db8::1"), 40000)]);

        Assert.Equal(["ice-lite"], IceSdpAttributes.Session().Select(a => a.ToString()));
        var lines = agent.SdpMediaAttributes.Select(a => a.ToString()).ToList();
        Assert.Equal("ice-ufrag:UfRg", lines[0]);
        Assert.Equal("ice-pwd:0123456789abcdefghijKL", lines[1]);
        Assert.Matches(@"^candidate:[0-9a-f]{8} 1 udp 2130706431 192\.0\.2\.1 40000 typ host$", lines[2]);
        Assert.Matches(@"^candidate:[0-9a-f]{8} 1 udp 2130706175 2001:db8::1 40000 typ host$", lines[3]);
        Assert.Equal("end-of-candidates", lines[4]);
        Assert.NotEqual(agent.LocalCandidates[0].Foundation, agent.LocalCandidates[1].Foundation);
    }

    [Fact]
    public void PriorityFollowsTheRfc8445Formula()
    {
        // 2^24 * 126 + 2^8 * 65535 + (256 - 1)
        Assert.Equal(2130706431u, IceCandidate.ComputePriority(126, 65535, 1));
        Assert.Equal((126u << 24) + (100u << 8) + 254u, IceCandidate.ComputePriority(126, 100, 2));
        Assert.Throws<ArgumentException>(() => IceCandidate.Host(new IPEndPoint(IPAddress.Any, 4000)));
    }
}
