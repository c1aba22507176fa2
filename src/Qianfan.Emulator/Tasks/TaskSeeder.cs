namespace Qianfan.Emulator.Tasks;

/// <summary>Builds the starting task table from the options.</summary>
internal static class TaskSeeder
{
    public static void Seed(TaskStore store, EmulatorOptions options, DateTimeOffset now)
    {
        var tasks = new List<TaskRecord>();
        for (var i = 1; i <= options.Tasks; i++)
        {
            tasks.Add(TaskRecord.Seeded(SequentialId(i), RunStatus.Running, now));
        }
        if (options.TaskFile != null)
        {
            tasks.AddRange(ReadIds(File.ReadLines(options.TaskFile)).Select(id => TaskRecord.Seeded(id, RunStatus.Running, now)));
        }
        tasks.AddRange(ReadIds(options.TaskIds).Select(id => TaskRecord.Seeded(id, RunStatus.Running, now)));
        store.Put(tasks);
    }

    /// <summary>infer-000001 style: six digits so that id order and number order agree up to a million tasks.</summary>
    public static string SequentialId(int number) => "infer-" + number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> ReadIds(IEnumerable<string> lines) =>
        lines.Select(line => line.Trim()).Where(line => line.Length > 0);
}
