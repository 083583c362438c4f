using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bridge.TestKit.Skipping;

/// <summary>Finds <see cref="SkippableFactAttribute"/> tests and runs each as a <see cref="SkippableFactTestCase"/>.</summary>
public sealed class SkippableFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        yield return new SkippableFactTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}
