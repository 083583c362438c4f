using System.Buffers.Binary;
using Bridge.Conferencing.Prompts;

namespace Bridge.Conferencing.Tests.Prompts;

public sealed class PromptCatalogTests
{
    private static string PromptsDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir!.FullName, "prompts");
        }
    }

    public static TheoryData<string> Languages => new() { "en", "de" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryPromptExistsOnDiskAs16kMono16BitWav(string language)
    {
        var all = PromptCatalog.All(language);

        Assert.Equal(Enum.GetValues<PromptId>().Length - 2 + 19 + 2, all.Count); // Number and Digit: 19 numbers, digits 0 and 1
        foreach (var prompt in all)
        {
            var path = Path.Combine(PromptsDirectory, prompt.RelativePath);
            Assert.True(File.Exists(path), path);
            Assert.StartsWith(language + "/", prompt.RelativePath, StringComparison.Ordinal);
            var header = new byte[44];
            using (var stream = File.OpenRead(path))
            {
                stream.ReadExactly(header);
            }

            Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(header, 0, 4));
            Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(header, 8, 4));
            Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(header.AsSpan(20))); // PCM
            Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(header.AsSpan(22))); // mono
            Assert.Equal(16000, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(24)));
            Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(header.AsSpan(34)));
            Assert.True(new FileInfo(path).Length > 44 + 1600, path + " is (nearly) empty");
        }
    }

    [Fact]
    public void MissingListsAbsentFiles()
    {
        Assert.Empty(PromptCatalog.Missing(PromptsDirectory));
        Assert.Equal(2 * PromptCatalog.All("en").Count, PromptCatalog.Missing(Path.GetTempPath()).Count);
    }

    /// <summary>The committed prompts are a budget, not a library: 16 kHz speech is 32 KB a second, about 100 KB a
    /// sentence a language; 3.5 MB held the first 44 files per language (numbers included); issue 10 (hand, lobby, removal)
    /// and issue 12 (dial-out, invitation, digits 0 and 1) added short ones (about 5.2 MB in all), so the budget is 5.5 MB.</summary>
    [Fact]
    public void PromptsStayUnderFourAndAHalfMegabytes()
    {
        var total = Directory.EnumerateFiles(PromptsDirectory, "*.wav", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        Assert.InRange(total, 1, 5_500_000);
    }

    [Fact]
    public void UnknownLanguageFallsBackToEnglish()
    {
        Assert.Equal("en/goodbye.wav", PromptCatalog.Get(PromptId.Goodbye, "fr").RelativePath);
        Assert.Equal("de/goodbye.wav", PromptCatalog.Get(PromptId.Goodbye, "de").RelativePath);
    }

    [Theory]
    [InlineData(0, "en/first-participant.wav")]
    [InlineData(1, "en/one-other-participant.wav")]
    [InlineData(7, "en/there-are.wav|en/number-7.wav|en/other-participants.wav")]
    [InlineData(20, "en/there-are.wav|en/number-20.wav|en/other-participants.wav")]
    [InlineData(21, "en/more-than-20-participants.wav")]
    public void ParticipantCountIsComposed(int others, string files)
    {
        var prompts = PromptCatalog.ParticipantCount(others, "en");

        Assert.Equal(files, string.Join('|', prompts.Select(p => p.RelativePath)));
    }
}
