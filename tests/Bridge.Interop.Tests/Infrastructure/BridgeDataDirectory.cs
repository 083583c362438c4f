namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// Where a bridge started by a test keeps its data and logs. test.sh sets <c>BRIDGE_TEST_LOG_ROOT</c> and checks every log
/// under it for secrets afterwards, so every bridge of a run, also those in network namespaces, writes under it; without
/// the variable a temporary directory is used.
/// </summary>
public static class BridgeDataDirectory
{
    /// <summary>A fresh data directory: <c>$BRIDGE_TEST_LOG_ROOT/bridge-xxxxxxxx</c>, else a temporary one named <paramref name="tempPrefix"/>….</summary>
    public static string Create(string tempPrefix)
    {
        var root = Environment.GetEnvironmentVariable("BRIDGE_TEST_LOG_ROOT");
        if (string.IsNullOrEmpty(root))
        {
            return Directory.CreateTempSubdirectory(tempPrefix).FullName;
        }

        Directory.CreateDirectory(root);
        return Directory.CreateDirectory(Path.Combine(root, "bridge-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    }
}
