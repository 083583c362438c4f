using Bridge.Calls.Media;
using Bridge.Conferencing.Prompts;
using Bridge.TestKit.Audio;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Tests.Media;

/// <summary>
/// Issue 11: a missing prompt must never change the call flow. Started away from its prompts, the bridge threw
/// while loading "goodbye", so a caller with three wrong PINs was never hung up. The library now answers every
/// prompt: the real one, or silence as long as the prompt would have played, logged once.
/// </summary>
public sealed class PromptLibraryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prompt-library-").FullName;
    private readonly WarningLog _log = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WritePrompt(string relativePath, int milliseconds, short amplitude = 8000)
    {
        var path = Path.Combine(_dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavFiles.Write(path, TestTones.Sine(440, 16000, 16 * milliseconds, amplitude), 16000);
    }

    [Fact]
    public void A_present_prompt_is_loaded_once_and_shared()
    {
        WritePrompt("en/goodbye.wav", 700);
        var library = new PromptLibrary(_dir, _log);

        var goodbye = library.Get(PromptCatalog.Get(PromptId.Goodbye, "en"));

        Assert.Equal("goodbye.wav", goodbye.Name);
        Assert.Equal(0.7, goodbye.Duration.TotalSeconds, 2);
        Assert.Same(goodbye, library.Get(PromptCatalog.Get(PromptId.Goodbye, "en")));
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public void A_missing_prompt_is_silence_as_long_as_the_same_prompt_in_the_other_language()
    {
        WritePrompt("en/goodbye.wav", 900);
        var library = new PromptLibrary(_dir, _log);

        var goodbye = library.Get(PromptCatalog.Get(PromptId.Goodbye, "de"));

        Assert.StartsWith("silence for de/goodbye.wav", goodbye.Name, StringComparison.Ordinal);
        Assert.Equal(0.9, goodbye.Duration.TotalSeconds, 2);
        var warning = Assert.Single(_log.Warnings);
        Assert.Contains("de/goodbye.wav", warning, StringComparison.Ordinal);
        Assert.Contains("0.9 s of silence", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spoken_number_missing_everywhere_is_silence_of_the_default_length_and_is_logged_once()
    {
        var library = new PromptLibrary(Path.Combine(_dir, "no-such-directory"), _log);
        var seven = PromptCatalog.Number(7, "en");

        var first = library.Get(seven);
        var again = library.Get(seven);

        Assert.Equal(PromptLibrary.DefaultLength, first.Duration);
        Assert.Same(first, again);
        var warning = Assert.Single(_log.Warnings);
        Assert.Contains("en/number-7.wav", warning, StringComparison.Ordinal);
        Assert.Contains("missing", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_prompt_of_the_catalogue_is_answered_without_a_prompts_directory()
    {
        var library = new PromptLibrary(Path.Combine(_dir, "nothing-here"), _log);
        var prompts = PromptCatalog.Languages.SelectMany(PromptCatalog.All).ToArray();

        foreach (var prompt in prompts)
        {
            Assert.True(library.Get(prompt).Duration > TimeSpan.Zero, prompt.RelativePath);
        }

        Assert.Equal(prompts.Length, _log.Warnings.Count);
    }

    [Fact]
    public void A_file_that_is_not_a_usable_WAV_is_silence_with_the_reason_logged()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "en"));
        File.WriteAllText(Path.Combine(_dir, "en", "wrong-pin.wav"), "this is not a RIFF file");
        WavFiles.Write(Path.Combine(_dir, "en", "enter-pin.wav"), new short[22050], 22050);
        WritePrompt("de/wrong-pin.wav", 1200);
        var library = new PromptLibrary(_dir, _log);

        var wrongPin = library.Get(PromptCatalog.Get(PromptId.WrongPin, "en"));
        var enterPin = library.Get(PromptCatalog.Get(PromptId.EnterPin, "en"));

        Assert.Equal(1.2, wrongPin.Duration.TotalSeconds, 2);
        Assert.Equal(PromptLibrary.DefaultLength, enterPin.Duration);
        Assert.Equal(2, _log.Warnings.Count);
        Assert.Contains(_log.Warnings, w => w.Contains("en/enter-pin.wav", StringComparison.Ordinal) && w.Contains("22050", StringComparison.Ordinal));
    }

    /// <summary>Keeps the formatted warnings (the library logs nothing else).</summary>
    private sealed class WarningLog : ILogger
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (_warnings)
                {
                    return [.. _warnings];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                lock (_warnings)
                {
                    _warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
