using System.Collections.Concurrent;
using Bridge.Conferencing.Prompts;
using Bridge.Media.Prompts;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Media;

/// <summary>
/// The prompts callers hear, each loaded once from the prompts directory and shared (thread-safe). A prompt that
/// cannot be loaded (missing, unreadable, not a supported WAV) must never change the call flow: it is replaced by
/// silence as long as the prompt would have played, taken from the same prompt in another language, or
/// <see cref="DefaultLength"/>; the IVR then goes on (or hangs up) exactly as planned. Each such prompt is logged
/// once, when it is first needed, so a bridge without prompts logs at most one line per prompt file.
/// </summary>
internal sealed partial class PromptLibrary
{
    /// <summary>The silence played for a missing prompt that no language has: about one spoken sentence.</summary>
    public static readonly TimeSpan DefaultLength = TimeSpan.FromSeconds(2);

    private const int SilenceRate = 16000;

    private readonly ConcurrentDictionary<string, Lazy<AudioPrompt>> _prompts = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public PromptLibrary(string directory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(directory);
        PromptsDirectory = directory;
        _logger = logger;
    }

    /// <summary>The prompts directory (files are <see cref="PromptRef.RelativePath"/> under it).</summary>
    public string PromptsDirectory { get; }

    /// <summary>Prompts loaded or substituted so far.</summary>
    public int Count => _prompts.Count;

    /// <summary>The prompt's audio, or silence of its usual length when it cannot be loaded. Never throws.</summary>
    public AudioPrompt Get(PromptRef prompt) =>
        _prompts.GetOrAdd(prompt.RelativePath, static (_, state) => new Lazy<AudioPrompt>(() => state.Library.Load(state.Prompt)), (Library: this, Prompt: prompt)).Value;

    private AudioPrompt Load(PromptRef prompt)
    {
        if (TryLoad(prompt.RelativePath, out var audio, out var reason))
        {
            return audio;
        }

        var length = SubstituteLength(prompt);
        LogSubstituted(_logger, prompt.RelativePath, PromptsDirectory, reason, length.TotalSeconds);
        return AudioPrompt.FromPcm(new short[(int)(length.TotalSeconds * SilenceRate)], SilenceRate, "silence for " + prompt.RelativePath);
    }

    /// <summary>How long the prompt plays in another language that has it, else <see cref="DefaultLength"/>.</summary>
    private TimeSpan SubstituteLength(PromptRef prompt)
    {
        foreach (var language in PromptCatalog.Languages)
        {
            if (language == prompt.Language)
            {
                continue;
            }

            var other = PromptCatalog.InLanguage(prompt, language);
            if (TryLoad(other.RelativePath, out var audio, out _))
            {
                return audio.Duration;
            }
        }

        return DefaultLength;
    }

    private bool TryLoad(string relativePath, out AudioPrompt audio, out string reason)
    {
        var path = Path.Combine(PromptsDirectory, relativePath);
        try
        {
            audio = AudioPrompt.FromWavFile(path);
            reason = string.Empty;
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException
            or FormatException or NotSupportedException or ArgumentException)
        {
            audio = null!;
            reason = exception is FileNotFoundException or DirectoryNotFoundException ? "missing" : exception.Message;
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Prompt {Prompt} cannot be played from {Directory} ({Reason}): callers hear {Seconds:F1} s of silence instead (logged once)")]
    private static partial void LogSubstituted(ILogger logger, string prompt, string directory, string reason, double seconds);
}
