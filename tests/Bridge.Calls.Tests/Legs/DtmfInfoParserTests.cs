using System.Text;
using Bridge.Calls.Legs;

namespace Bridge.Calls.Tests.Legs;

public sealed class DtmfInfoParserTests
{
    [Theory]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", '5')]
    [InlineData("application/dtmf-relay", "Signal= #\r\nDuration= 250", '#')]
    [InlineData("application/dtmf-relay; charset=utf-8", "Duration=100\nSignal=*", '*')]
    [InlineData("Application/DTMF-Relay", "signal=a", 'A')]
    [InlineData("application/dtmf-relay", "Signal=11\r\nDuration=160", '#')]
    [InlineData("application/dtmf-relay", "Signal=10", '*')]
    [InlineData("application/dtmf", "7", '7')]
    [InlineData("application/dtmf", " 0\r\n", '0')]
    public void Reads_the_digit_of_a_SIP_INFO_body(string contentType, string body, char expected)
    {
        Assert.True(DtmfInfoParser.TryParse(contentType, Encoding.ASCII.GetBytes(body), out var digit));
        Assert.Equal(expected, digit);
    }

    [Theory]
    [InlineData("application/dtmf-relay", "Duration=160")]
    [InlineData("application/dtmf-relay", "Signal=")]
    [InlineData("application/dtmf-relay", "Signal=X")]
    [InlineData("application/dtmf-relay", "Signal=123")]
    [InlineData("application/dtmf", "55")]
    [InlineData("application/sdp", "Signal=5")]
    [InlineData(null, "Signal=5")]
    [InlineData("application/dtmf-relay", "")]
    public void Refuses_what_is_not_one_digit(string? contentType, string body)
    {
        Assert.False(DtmfInfoParser.TryParse(contentType, Encoding.ASCII.GetBytes(body), out _));
    }

    [Fact]
    public void Refuses_an_oversized_body()
    {
        var body = Encoding.ASCII.GetBytes("Signal=5\r\n" + new string(' ', 1000));
        Assert.False(DtmfInfoParser.TryParse("application/dtmf-relay", body, out _));
    }
}
