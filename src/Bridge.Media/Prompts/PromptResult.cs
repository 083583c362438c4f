namespace Bridge.Media.Prompts;

/// <summary>How a prompt request ended.</summary>
public enum PromptResult
{
    /// <summary>Every prompt of the request was played to the end.</summary>
    Completed,

    /// <summary>Stopped before the end (stop requested, participant left, room closed).</summary>
    Stopped,
}
