namespace Qianfan.Emulator.Tasks;

/// <summary>Builds the starting task table from the options.</summary>
internal static class TaskSeeder
{
    public static void Seed(TaskStore store, EmulatorOptions options, DateTimeOffset now)
    {
        var tasks = new List<TaskRecord>();
        for (var i = 1; i <= options.Tasks; i++)
        {
            tasks.Add(TaskRecord.Seeded(SequentialId(i), RunStatus.Running, now, SequentialName(i), SequentialCreateTime(i, options.Tasks, now)));
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

    // Names and creation times that filters can be tried on: three families of names in turn, and
    // one task a minute, the last one created a minute ago (infer-000001 is the oldest).
    private static readonly string[] NameFamilies = { "nightly-eval", "product-summaries", "adhoc-test" };

    /// <summary>nightly-eval-000001, product-summaries-000002, adhoc-test-000003, nightly-eval-000004, ...</summary>
    public static string SequentialName(int number) =>
        NameFamilies[(number - 1) % NameFamilies.Length] + "-" + number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Task <paramref name="number"/> of <paramref name="count"/> was created count - number + 1 minutes before now.</summary>
    public static DateTimeOffset SequentialCreateTime(int number, int count, DateTimeOffset now) => now.AddMinutes(number - count - 1);

    private static IEnumerable<string> ReadIds(IEnumerable<string> lines) =>
        lines.Select(line => line.Trim()).Where(line => line.Length > 0);
}
