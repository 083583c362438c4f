using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bridge.TestKit.Skipping;

/// <summary>Passes messages on, replacing a test failure caused by <see cref="SkipException"/> with a skip.</summary>
internal sealed class SkippingMessageBus(IMessageBus inner) : IMessageBus
{
    private static readonly string SkipType = typeof(SkipException).FullName!;

    public int Skipped { get; private set; }

    public bool QueueMessage(IMessageSinkMessage message)
    {
        if (message is ITestFailed failed && failed.ExceptionTypes.Length > 0 && failed.ExceptionTypes[0] == SkipType)
        {
            Skipped++;
            return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages[0]));
        }

        return inner.QueueMessage(message);
    }

    public void Dispose()
    {
        // The inner bus belongs to the runner.
    }
}
