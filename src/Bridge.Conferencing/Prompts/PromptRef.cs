namespace Bridge.Conferencing.Prompts;

/// <summary>
/// One prompt to play: <see cref="RelativePath"/> is a 16 kHz mono 16-bit WAV relative to the prompts
/// directory (e.g. <c>en/welcome.wav</c>). <see cref="Number"/> is only set for <see cref="PromptId.Number"/>.
/// </summary>
public readonly record struct PromptRef(PromptId Id, int Number, string Language, string RelativePath);
