using System.CommandLine;
using Bridge.DialPlans;

namespace Bridge.Service.Commands;

/// <summary><c>bridge dialplan check [PATH]</c>: validates dial plan files without starting the service.</summary>
internal static class DialPlanCommands
{
    public static Command Create()
    {
        var dialplan = new Command("dialplan", "Dial plan files.");
        var check = new Command("check", "Validate a dial plan file or directory; prints each error with file, line and column. Exit code 0 when valid, 1 otherwise.");
        var path = new Argument<string>("PATH") { Description = "A dial plan file or a directory of them.", DefaultValueFactory = _ => "dialplans" };
        check.Arguments.Add(path);
        check.SetAction(result => DialPlanCheck.Run(result.GetValue(path) ?? "dialplans", Console.Out));
        dialplan.Subcommands.Add(check);
        return dialplan;
    }
}
