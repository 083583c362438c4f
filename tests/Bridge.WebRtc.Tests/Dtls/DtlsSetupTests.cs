using Bridge.WebRtc.Dtls;

namespace Bridge.WebRtc.Tests.Dtls;

public sealed class DtlsSetupTests
{
    [Theory]
    [InlineData("actpass", "passive", DtlsRole.Server)]
    [InlineData("active", "passive", DtlsRole.Server)]
    [InlineData(null, "passive", DtlsRole.Server)]
    [InlineData("passive", "active", DtlsRole.Client)]
    [InlineData("ActPass", "passive", DtlsRole.Server)]
    public void AnswersTheOfferedSetup(string? offered, string expectedAnswer, DtlsRole expectedRole)
    {
        Assert.True(DtlsSetup.TryAnswer(offered, out var answer, out var role));
        Assert.Equal(expectedAnswer, answer);
        Assert.Equal(expectedRole, role);
    }

    [Theory]
    [InlineData("holdconn")]
    [InlineData("bogus")]
    public void RefusesWhatCannotConnect(string offered) => Assert.False(DtlsSetup.TryAnswer(offered, out _, out _));
}
