using Bridge.Rtp.Quality;

namespace Bridge.Rtp.Tests.Quality;

public sealed class EModelTests
{
    [Fact]
    public void PerfectG711CallIsTheDefaultRating()
    {
        Assert.Equal(93.2, EModel.RatingFactor(EModelCodec.G711, 0, 0), 6);
        // G.107 Annex B: 1 + 0.035·93.2 + 93.2·33.2·6.8·7e-6 = 4.409
        Assert.Equal(4.409, EModel.MeanOpinionScore(EModelCodec.G711, 0, 0), 3);
    }

    [Fact]
    public void LossUsesTheCodecsRobustness()
    {
        // Ie,eff = 0 + 95·1 / (1 + 25.1) = 3.6398 for G.711 with concealment at 1 % random loss.
        Assert.Equal(93.2 - 3.6398, EModel.RatingFactor(EModelCodec.G711, 1, 0), 3);
        // 5 %: 95·5 / 30.1 = 15.781
        Assert.Equal(93.2 - 15.781, EModel.RatingFactor(EModelCodec.G711, 5, 0), 3);
        Assert.Equal(3.923, EModel.MeanOpinionScore(EModelCodec.G711, 5, 0), 3);
        // Opus' assumed Bpl of 20 makes it less robust than G.711 with PLC in this model.
        Assert.True(EModel.RatingFactor(EModelCodec.Opus, 5, 0) < EModel.RatingFactor(EModelCodec.G711, 5, 0));
    }

    [Fact]
    public void DelayImpairmentHasItsKneeAt177Ms()
    {
        Assert.Equal(0.024 * 100, EModel.DelayImpairment(100), 6);
        Assert.Equal((0.024 * 300) + (0.11 * (300 - 177.3)), EModel.DelayImpairment(300), 6);
        Assert.Equal(93.2 - 4.8 - (0.11 * 22.7), EModel.RatingFactor(EModelCodec.G711, 0, 200), 6);
    }

    [Theory]
    [InlineData(-5, 1.0)]
    [InlineData(0, 1.0)]
    [InlineData(50, 2.575)] // 1 + 1.75 + 50·(−10)·50·7e-6
    [InlineData(80, 4.024)] // 1 + 2.8 + 80·20·20·7e-6
    [InlineData(100, 4.5)]
    [InlineData(120, 4.5)]
    public void RatingMapsToMosByAnnexB(double r, double mos) => Assert.Equal(mos, EModel.MeanOpinionScore(r), 3);

    [Fact]
    public void NonsenseInputsStayInRange()
    {
        Assert.Equal(93.2, EModel.RatingFactor(EModelCodec.G711, double.NaN, double.NaN), 6);
        Assert.Equal(0, EModel.RatingFactor(EModelCodec.G711, 100, 5000));
        Assert.Equal(1, EModel.MeanOpinionScore(EModelCodec.G711, 100, 5000));
    }

    [Theory]
    [InlineData("PCMU", "G711")]
    [InlineData("PCMA", "G711")]
    [InlineData("G722", "G722")]
    [InlineData("opus", "opus")]
    [InlineData("OPUS", "opus")]
    [InlineData(null, "G711")]
    public void ProfilesByEncodingName(string? encoding, string profile) => Assert.Equal(profile, EModelCodec.ForEncoding(encoding).Name);
}
