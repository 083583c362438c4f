namespace Bridge.Media.Tests.Mixing;

/// <summary>Tests that judge real 20 ms deadlines run alone: other test classes of this assembly (Concentus allocates
/// about 100 KB per Opus frame) would otherwise trigger garbage collections that pause the mixer under test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "mixer deadlines";
}
