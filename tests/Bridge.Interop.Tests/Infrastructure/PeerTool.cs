namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>Finds the real peer binaries. A missing peer fails the test: test.sh installs them, nothing is skipped.</summary>
public static class PeerTool
{
    public static string Require(string command)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/sbin").Append("/usr/bin"))
        {
            var path = Path.Combine(directory, command);
            if (File.Exists(path))
            {
                return path;
            }
        }

        Assert.Fail($"The test peer '{command}' is not installed; ./test.sh installs it with apt-get.");
        return command;
    }
}
