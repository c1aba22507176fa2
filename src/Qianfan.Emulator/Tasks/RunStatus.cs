namespace Qianfan.Emulator.Tasks;

/// <summary>The task states the service reports.</summary>
public static class RunStatus
{
    public const string Running = "Running";
    public const string Done = "Done";
    public const string Stopped = "Stopped";
    public const string Failed = "Failed";
    public const string Expired = "Expired";

    public static readonly IReadOnlyList<string> All = new[] { Running, Done, Stopped, Failed, Expired };

    /// <summary>The canonical spelling of a status given in any case, or null when it is not a status.</summary>
    public static string? Normalize(string? value)
    {
        if (value == null) return null;
        foreach (var status in All)
        {
            if (string.Equals(status, value.Trim(), StringComparison.OrdinalIgnoreCase)) return status;
        }
        return null;
    }

    public static bool IsFinished(string status) => status != Running;
}
