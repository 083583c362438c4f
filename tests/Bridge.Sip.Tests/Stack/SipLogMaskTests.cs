using Bridge.Sip.Messages;
using Bridge.Sip.Stack;

namespace Bridge.Sip.Tests.Stack;

public sealed class SipLogMaskTests
{
    [Theory]
    [InlineData("4915112345678", "**********678")]
    [InlineData("alice", "**ice")]
    [InlineData("123", "***")]
    [InlineData("", "")]
    public void User_keeps_only_the_last_three_characters(string user, string expected) =>
        Assert.Equal(expected, SipLogMask.User(user));

    [Fact]
    public void Uri_masks_the_user_and_keeps_the_host() =>
        Assert.Equal("sip:*******678@pbx.example", SipLogMask.Uri(SipUri.Parse("sip:0301234678@pbx.example;user=phone")));
}
