namespace Bridge.DialPlans.Tests;

public sealed class PinHasherTests
{
    [Fact]
    public void HashVerifiesOnlyTheRightPin()
    {
        var hash = PinHasher.Hash("246810", 10_000);

        Assert.StartsWith("pbkdf2-sha256$10000$", hash, StringComparison.Ordinal);
        Assert.True(PinHasher.Verify("246810", hash));
        Assert.False(PinHasher.Verify("246811", hash));
        Assert.False(PinHasher.Verify("", hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12ab56")]
    [InlineData("123456789012345678901234567890123")]
    public void OnlyDigitPinsAreHashed(string pin)
    {
        Assert.Throws<ArgumentException>(() => PinHasher.Hash(pin));
    }

    [Fact]
    public void SaltMakesEachHashDifferent()
    {
        Assert.NotEqual(PinHasher.Hash("246810", 10_000), PinHasher.Hash("246810", 10_000));
    }

    [Fact]
    public void DefaultHashLoadsIntoADialPlan()
    {
        var hash = PinHasher.Hash("975310");

        var plan = DialPlanLoader.LoadText($"routes:\n  - dialled: \"1\"\n    room: \"1\"\nrooms:\n  - number: \"1\"\n    pinHash: \"{hash}\"\n").Plan!;

        Assert.True(plan.TryGetRoom("1", out var room));
        Assert.True(room.Pin.Matches("975310"));
        Assert.False(room.Pin.Matches("975311"));
        Assert.Equal("***", room.Pin.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("pbkdf2-sha256$abc$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$100$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$100000$!!!$AAAA")]
    [InlineData("pbkdf2-sha1$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void MalformedHashNeverMatches(string encoded)
    {
        Assert.False(PinHasher.Verify("246810", encoded));
    }

    [Fact]
    public void RoomRecordNeverPrintsThePin()
    {
        var plan = DialPlanLoader.LoadText(DialPlanLoaderTests.IssueExample).Plan!;
        Assert.True(plan.TryGetRoom("4711", out var room));

        var text = room.ToString();

        Assert.DoesNotContain("246810", text, StringComparison.Ordinal);
        Assert.DoesNotContain("135791", text, StringComparison.Ordinal);
    }
}
