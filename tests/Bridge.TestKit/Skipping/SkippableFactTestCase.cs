using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bridge.TestKit.Skipping;

/// <summary>Runs a fact and turns its failure by <see cref="SkipException"/> into a skipped result (the runner's
/// summary and the trx then count it as not executed).</summary>
public sealed class SkippableFactTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippableFactTestCase()
    {
    }

    public SkippableFactTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus,
        object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        var bus = new SkippingMessageBus(messageBus);
        RunSummary summary = await base.RunAsync(diagnosticMessageSink, bus, constructorArguments, aggregator, cancellationTokenSource)
            .ConfigureAwait(false);
        if (bus.Skipped > 0)
        {
            summary.Failed -= bus.Skipped;
            summary.Skipped += bus.Skipped;
        }

        return summary;
    }
}
