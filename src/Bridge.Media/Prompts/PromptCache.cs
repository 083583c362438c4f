using System.Collections.Concurrent;

namespace Bridge.Media.Prompts;

/// <summary>Loads each prompt file once and shares it (thread-safe).</summary>
public sealed class PromptCache
{
    private readonly ConcurrentDictionary<string, Lazy<AudioPrompt>> _prompts = new(StringComparer.Ordinal);

    /// <summary>The prompt for <paramref name="wavPath"/>, loading it on first use.</summary>
    public AudioPrompt Get(string wavPath)
    {
        string key = Path.GetFullPath(wavPath);
        return _prompts.GetOrAdd(key, static k => new Lazy<AudioPrompt>(() => AudioPrompt.FromWavFile(k))).Value;
    }

    /// <summary>Number of prompts loaded.</summary>
    public int Count => _prompts.Count;
}
