using System.Diagnostics;

namespace Bridge.TestKit.Audio;

/// <summary>Real speech for tests, synthesised at run time by espeak-ng (Debian package espeak-ng).
/// Throws when espeak-ng is missing: a test that needs speech must fail, not skip.</summary>
public static class Speech
{
    /// <summary>A long English passage (~70 s at 160 words per minute).</summary>
    public const string LongText =
        "The bridge connects desk phones, trunks and browsers into one conference. Every caller proves who they are " +
        "with a personal number before entering the room. The mixer runs every twenty milliseconds and sends each " +
        "listener the sum of everybody else. Good morning everyone, thank you for joining the weekly planning meeting. " +
        "Before we start, please remember to mute your microphone when you are not speaking, because background noise " +
        "from keyboards, coffee machines and traffic makes it hard for the others to follow. First item on the agenda " +
        "is the quarterly budget. Our spending on hardware was lower than planned, mostly because the new servers arrived " +
        "late, but the software licences cost about twelve percent more than expected. Second, the support team reports " +
        "that the number of tickets went down by one third since the last release, which is great news. Several customers " +
        "asked whether they can dial in from abroad, and whether recordings are stored on their own machines. The answer " +
        "to both questions is yes. Third, we need volunteers for the security review next month. Please send me an email " +
        "if you are interested, and include the dates that suit you. Finally, a reminder that the office will be closed " +
        "on Friday afternoon for maintenance of the heating system. Does anybody have questions or other topics? " +
        "Seven, eight, nine, four, five, six, one, two, three, zero, star, pound. Hello, hello, can you hear me now? " +
        "Yes, I can hear you perfectly. Let us move on to the next point and wrap up in five minutes.";

    /// <summary>Synthesises <paramref name="text"/> and returns it as PCM at <paramref name="sampleRate"/>,
    /// repeated until it lasts at least <paramref name="minimum"/>.</summary>
    public static short[] Synthesize(string text, int sampleRate, TimeSpan minimum, int wordsPerMinute = 160)
    {
        string path = Path.Combine(Path.GetTempPath(), $"speech-{Guid.NewGuid():N}.wav");
        try
        {
            var start = new ProcessStartInfo("espeak-ng")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-w");
            start.ArgumentList.Add(path);
            start.ArgumentList.Add("-s");
            start.ArgumentList.Add(wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add(text);
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("espeak-ng did not start.");
            process.WaitForExit(120_000);
            if (process.ExitCode != 0 || !File.Exists(path))
            {
                throw new InvalidOperationException($"espeak-ng failed: {process.StandardError.ReadToEnd()}");
            }

            (short[] pcm, int rate) = WavFiles.Read(path);
            short[] converted = WavFiles.Resample(pcm, rate, sampleRate);
            long needed = (long)(minimum.TotalSeconds * sampleRate);
            if (converted.Length == 0)
            {
                throw new InvalidOperationException("espeak-ng produced no audio.");
            }

            var result = new short[Math.Max(needed, converted.Length)];
            for (long i = 0; i < result.Length; i += converted.Length)
            {
                int n = (int)Math.Min(converted.Length, result.Length - i);
                Array.Copy(converted, 0, result, i, n);
            }

            return result;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("espeak-ng is not installed (apt-get install espeak-ng).", e);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
