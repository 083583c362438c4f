using System.CommandLine;
using Bridge.DialPlans;

namespace Bridge.Service.Commands;

/// <summary>
/// <c>bridge pin hash</c>: reads a PIN from standard input (so it stays out of the shell history) and
/// prints the <c>pinHash</c> value for a dial plan.
/// </summary>
internal static class PinCommands
{
    public static Command Create()
    {
        var pin = new Command("pin", "Room PINs.");
        var hash = new Command("hash", "Read a PIN (digits) from standard input and print its PBKDF2-SHA256 hash for 'pinHash:' in a dial plan.");
        hash.SetAction(_ =>
        {
            if (!Console.IsInputRedirected)
            {
                Console.Error.Write("PIN: ");
            }

            var digits = Console.ReadLine()?.Trim() ?? "";
            try
            {
                Console.WriteLine(PinHasher.Hash(digits));
                return 0;
            }
            catch (ArgumentException exception)
            {
                Console.Error.WriteLine("not a PIN: " + exception.Message);
                return 1;
            }
        });
        pin.Subcommands.Add(hash);
        return pin;
    }
}
