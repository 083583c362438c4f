using System.Net;

namespace Bridge.Conferencing.Tests;

public sealed class CallerSourceTests
{
    [Theory]
    [InlineData("+4930123456789", "***789")]
    [InlineData("alice", "***ice")]
    [InlineData("123", "***")]
    [InlineData("", "***")]
    [InlineData("evil\r\n", "***l??")]
    public void UserIsMaskedToItsLastThreeCharacters(string user, string masked)
    {
        var source = new CallerSource(IPAddress.Loopback, user);

        Assert.Equal(masked, source.MaskedUser);
        Assert.Equal("127.0.0.1 " + masked, source.ToString());
    }
}
