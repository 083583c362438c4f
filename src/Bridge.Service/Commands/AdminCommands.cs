using System.CommandLine;

namespace Bridge.Service.Commands;

/// <summary>The admin verbs of the <c>bridge</c> command line.</summary>
internal static class AdminCommands
{
    public static int Invoke(string[] args)
    {
        var root = new RootCommand("Bridge, a self-hosted SIP conference bridge. Without a command it runs the service.");

        var run = new Command("run", "Run the service (the default). Configuration: --Bridge:Key=Value arguments.");
        run.TreatUnmatchedTokensAsErrors = false;
        root.Subcommands.Add(run);

        root.Subcommands.Add(CertificateCommands.Create());
        root.Subcommands.Add(DialPlanCommands.Create());
        root.Subcommands.Add(PinCommands.Create());
        root.Subcommands.Add(TokenCommands.Create());
        return root.Parse(args).Invoke();
    }
}
