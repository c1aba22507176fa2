namespace Qianfan.Emulator.Tasks;

/// <summary>One batch-inference task. Immutable, so a snapshot handed out never changes under the reader.</summary>
public sealed record TaskRecord
{
    public required string TaskId { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string? Endpoint { get; init; }
    public string RunStatus { get; init; } = Tasks.RunStatus.Running;

    /// <summary>The inferenceParams object as raw JSON text, echoed back as given.</summary>
    public string InferenceParamsJson { get; init; } = "{}";

    public string InputBosUri { get; init; } = "";
    public string OutputBosUri { get; init; } = "";
    public string OutputDir { get; init; } = "";
    public int Progress { get; init; }
    public DateTimeOffset CreateTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public long InputTokenUsage { get; init; }
    public long OutputTokenUsage { get; init; }
    public string Creator { get; init; } = "emulator";

    /// <summary>When a stop accepted under a stop delay takes effect; until then the task stays Running.</summary>
    public DateTimeOffset? StopsAt { get; init; }

    /// <summary>A plausible task as the seeding options create it; created an hour before <paramref name="now"/> unless <paramref name="createTime"/> says when.</summary>
    public static TaskRecord Seeded(string taskId, string runStatus, DateTimeOffset now, string? name = null, DateTimeOffset? createTime = null)
    {
        var finished = Tasks.RunStatus.IsFinished(runStatus);
        var progress = runStatus == Tasks.RunStatus.Done ? 100 : Math.Abs(StableHash(taskId)) % 100;
        return new TaskRecord
        {
            TaskId = taskId,
            Name = string.IsNullOrEmpty(name) ? "task-" + taskId : name,
            Description = "seeded by the emulator",
            Endpoint = "emulator-chat",
            RunStatus = runStatus,
            InferenceParamsJson = "{\"temperature\":0.8,\"top_p\":0.8}",
            InputBosUri = "bos:/emulator-input/" + taskId + "/",
            OutputBosUri = "bos:/emulator-output/",
            OutputDir = "bos:/emulator-output/" + taskId + "/",
            Progress = progress,
            CreateTime = createTime ?? now.AddHours(-1),
            FinishTime = finished ? now : null,
            InputTokenUsage = progress * 1000L,
            OutputTokenUsage = progress * 250L,
        };
    }

    // string.GetHashCode is randomised per process; seeded data should look the same on every run.
    private static int StableHash(string value)
    {
        unchecked
        {
            var hash = 17;
            foreach (var c in value) hash = hash * 31 + c;
            return hash == int.MinValue ? 0 : hash;
        }
    }
}
