namespace Bridge.DialPlans.Trunks;

/// <summary>
/// Where a password comes from: a file (<c>passwordFile</c>) or an environment variable (<c>password: "${NAME}"</c>).
/// The dial plan never holds the password itself, and this type never prints it: <see cref="ToString"/> names the
/// source only. The value is read when it is needed, so a changed file applies at the next use.
/// </summary>
public sealed record SecretReference
{
    private SecretReference(string? file, string? variable)
    {
        File = file;
        Variable = variable;
    }

    /// <summary>Path of the file holding the password (first line, surrounding white space removed), or null.</summary>
    public string? File { get; }

    /// <summary>Name of the environment variable holding the password, or null.</summary>
    public string? Variable { get; }

    /// <summary>A password kept in a file.</summary>
    public static SecretReference FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SecretReference(path, null);
    }

    /// <summary>A password kept in an environment variable.</summary>
    public static SecretReference FromEnvironment(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        return new SecretReference(null, variable);
    }

    /// <summary>Reads <c>${NAME}</c>; false for anything else (a plain password is not accepted in a dial plan).</summary>
    public static bool TryParseVariable(string text, out string variable)
    {
        ArgumentNullException.ThrowIfNull(text);
        variable = string.Empty;
        if (text.Length < 4 || !text.StartsWith("${", StringComparison.Ordinal) || text[^1] != '}')
        {
            return false;
        }

        var name = text[2..^1];
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return false;
        }

        variable = name;
        return true;
    }

    /// <summary>The password now, or null with <paramref name="problem"/> saying why (never containing the value).</summary>
    public string? Resolve(out string? problem)
    {
        if (Variable is not null)
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            problem = string.IsNullOrEmpty(value) ? $"environment variable {Variable} is not set" : null;
            return string.IsNullOrEmpty(value) ? null : value;
        }

        try
        {
            using var reader = new StreamReader(File!);
            var line = reader.ReadLine()?.Trim();
            problem = string.IsNullOrEmpty(line) ? $"password file {File} is empty" : null;
            return string.IsNullOrEmpty(line) ? null : line;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"password file {File} cannot be read: {ex.GetType().Name}";
            return null;
        }
    }

    /// <summary>Names the source, never the value.</summary>
    public override string ToString() => Variable is not null ? "${" + Variable + "}" : "file " + File;
}
