using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>
/// test.sh's privacy check reads the logs under <c>BRIDGE_TEST_LOG_ROOT</c>: the bridges that browser and NAT tests start
/// inside network namespaces must keep theirs there too, like every other bridge of the run.
/// </summary>
public sealed class BridgeDataDirectoryTests
{
    [Fact]
    public void Namespaced_bridges_keep_their_data_and_logs_under_the_test_log_root()
    {
        var before = Environment.GetEnvironmentVariable("BRIDGE_TEST_LOG_ROOT");
        var root = Path.Combine(Directory.CreateTempSubdirectory("log-root-").FullName, "bridge-runs");
        try
        {
            Environment.SetEnvironmentVariable("BRIDGE_TEST_LOG_ROOT", root);

            var data = NamespacedBridge.NewDataDirectory();

            Assert.Equal(root, Path.GetDirectoryName(data));
            Assert.True(Directory.Exists(data));
        }
        finally
        {
            Environment.SetEnvironmentVariable("BRIDGE_TEST_LOG_ROOT", before);
        }
    }
}
