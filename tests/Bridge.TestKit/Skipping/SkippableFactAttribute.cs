using Xunit;
using Xunit.Sdk;

namespace Bridge.TestKit.Skipping;

/// <summary>A fact that may decide at run time that it cannot judge: a <see cref="SkipException"/> (see
/// <see cref="Skip.If"/>) thrown by the test reports it as skipped, with the reason, instead of failed or passed.</summary>
[XunitTestCaseDiscoverer("Bridge.TestKit.Skipping.SkippableFactDiscoverer", "Bridge.TestKit")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SkippableFactAttribute : FactAttribute
{
}
