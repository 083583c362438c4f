using Bridge.Conferencing.Browser;

namespace Bridge.Conferencing.Tests.Browser;

public sealed class BrowserNamesTests
{
    [Theory]
    [InlineData("  Ann  ", "Ann")]
    [InlineData("Ann\r\nBob", "Ann Bob")]
    [InlineData("A\u0000n\u0007n", "Ann")]
    [InlineData("Ann\u202Eevil", "Annevil")]
    [InlineData("", "Guest")]
    [InlineData(null, "Guest")]
    [InlineData("\u0001\u0002", "Guest")]
    [InlineData("Zoë 😀", "Zoë 😀")]
    public void CleansWhatOthersWillSee(string? typed, string shown) => Assert.Equal(shown, BrowserNames.Clean(typed));

    [Fact]
    public void CutsAtFortyTextElementsWithoutSplittingOne()
    {
        var name = string.Concat(Enumerable.Repeat("😀", 50));

        var cleaned = BrowserNames.Clean(name);

        Assert.Equal(string.Concat(Enumerable.Repeat("😀", 40)), cleaned);
    }
}
