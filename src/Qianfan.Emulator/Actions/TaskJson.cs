using System.Text.Json;
using Qianfan.Emulator.Tasks;
using Qianfan.Signing;

namespace Qianfan.Emulator.Actions;

/// <summary>The task object as the service shows it.</summary>
internal static class TaskJson
{
    public static void Write(Utf8JsonWriter writer, TaskRecord task)
    {
        writer.WriteStartObject();
        writer.WriteString("taskId", task.TaskId);
        writer.WriteString("name", task.Name);
        writer.WriteString("description", task.Description);
        writer.WriteString("endpoint", task.Endpoint);
        writer.WriteString("runStatus", task.RunStatus);
        writer.WritePropertyName("inferenceParams");
        writer.WriteRawValue(task.InferenceParamsJson, skipInputValidation: false);
        writer.WriteString("inputBosUri", task.InputBosUri);
        writer.WriteString("outputBosUri", task.OutputBosUri);
        writer.WriteString("outputDir", task.OutputDir);
        writer.WriteNumber("progress", task.Progress);
        writer.WriteString("createTime", Time(task.CreateTime));
        // A string either way: empty while the task runs, as the vendor's answers leave it.
        writer.WriteString("finishTime", task.FinishTime.HasValue ? Time(task.FinishTime.Value) : "");
        writer.WriteNumber("inputTokenUsage", task.InputTokenUsage);
        writer.WriteNumber("outputTokenUsage", task.OutputTokenUsage);
        writer.WriteString("creator", task.Creator);
        writer.WriteEndObject();
    }

    public static string Time(DateTimeOffset time) => BceV1Signer.FormatTimestamp(time);
}
