using System.Text.Json;
using Qianfan.Emulator.Http;
using Qianfan.Emulator.Tasks;

namespace Qianfan.Emulator.Actions;

/// <summary>The actions of route /v2/batchinference, each a pure decision over the task table.</summary>
internal sealed class BatchInferenceActions
{
    public const int DefaultMaxKeys = 10;
    public const int MaxMaxKeys = 100;

    private readonly EmulatorState _state;
    private readonly Dictionary<string, Func<BodyReader, ApiOutcome>> _handlers;

    public BatchInferenceActions(EmulatorState state)
    {
        _state = state;
        _handlers = new Dictionary<string, Func<BodyReader, ApiOutcome>>(StringComparer.Ordinal)
        {
            [Protocol.Actions.StopBatchInferenceTask] = Stop,
            [Protocol.Actions.DeleteBatchInferenceTask] = Delete,
            [Protocol.Actions.DescribeBatchInferenceTask] = Describe,
            [Protocol.Actions.DescribeBatchInferenceTasks] = List,
            [Protocol.Actions.CreateBatchInferenceTask] = Create,
            [Protocol.Actions.DescribeBatchInferenceModel] = _ => ApiOutcome.Success(ModelCatalog.Write),
        };
    }

    /// <summary>Runs the named action on the parsed body (null when the body was not JSON).</summary>
    public ApiOutcome Run(string? action, JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } element)
        {
            return ApiOutcome.Error(400, ErrorCodes.InappropriateJson, "the request body must be a JSON object");
        }
        if (string.IsNullOrEmpty(action) || !_handlers.TryGetValue(action, out var handler))
        {
            return ApiOutcome.Error(400, ErrorCodes.InvalidAction,
                string.IsNullOrEmpty(action) ? "the Action query parameter is missing" : $"unknown Action '{action}'");
        }
        try
        {
            return handler(new BodyReader(element));
        }
        catch (BodyReader.InvalidParameterException e)
        {
            return BodyReader.Invalid(e.Message);
        }
    }

    private ApiOutcome Stop(BodyReader body)
    {
        var taskId = body.RequiredString("taskId");
        var delay = TimeSpan.FromMilliseconds(_state.Settings.StopDelayMs);
        return _state.Tasks.Stop(taskId, _state.Now(), out var task, delay) switch
        {
            TaskChange.Done => ApiOutcome.Success(w => w.WriteBooleanValue(true)),
            TaskChange.NotFound => NotFound(taskId),
            _ => ApiOutcome.Error(400, ErrorCodes.InvalidTaskStatus,
                $"task {taskId} is {task!.RunStatus}; only Running tasks can be stopped"),
        };
    }

    private ApiOutcome Delete(BodyReader body)
    {
        var taskId = body.RequiredString("taskId");
        return _state.Tasks.Delete(taskId, out _) switch
        {
            TaskChange.Done => ApiOutcome.Success(w => w.WriteBooleanValue(true)),
            TaskChange.NotFound => NotFound(taskId),
            _ => ApiOutcome.Error(400, ErrorCodes.InvalidTaskStatus, $"task {taskId} is Running; stop it before deleting it"),
        };
    }

    private ApiOutcome Describe(BodyReader body)
    {
        var taskId = body.RequiredString("taskId");
        var task = _state.Tasks.Find(taskId);
        return task == null ? NotFound(taskId) : ApiOutcome.Success(w => TaskJson.Write(w, task));
    }

    private ApiOutcome List(BodyReader body)
    {
        var marker = body.OptionalString("marker");
        var maxKeys = body.OptionalInt("maxKeys") ?? DefaultMaxKeys;
        if (maxKeys < 1) return BodyReader.Invalid("maxKeys must be at least 1");
        maxKeys = Math.Min(maxKeys, MaxMaxKeys);
        var reverse = body.OptionalBool("pageReverse") ?? false;

        List<string>? statuses = null;
        var requested = body.OptionalStringArray("runStatus");
        if (requested != null)
        {
            statuses = new List<string>();
            foreach (var value in requested)
            {
                var status = RunStatus.Normalize(value);
                if (status == null)
                {
                    return BodyReader.Invalid($"runStatus '{value}' is not one of {string.Join(", ", RunStatus.All)}");
                }
                statuses.Add(status);
            }
        }

        var vendorPaging = _state.Settings.Paging == AnswerShapes.Paging.Vendor;
        var page = _state.Tasks.List(marker, maxKeys, reverse, statuses, inclusive: vendorPaging);
        return ApiOutcome.Success(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("taskList");
            foreach (var task in page.Tasks) TaskJson.Write(w, task);
            w.WriteEndArray();
            w.WriteStartObject("pageInfo");
            if (vendorPaging)
            {
                // The vendor's pageInfo: the request's marker echoed, and nextMarker on a truncated page.
                w.WriteString("marker", marker ?? "");
                w.WriteNumber("maxKeys", maxKeys);
                w.WriteBoolean("isTruncated", page.IsTruncated);
                if (page.IsTruncated) w.WriteString("nextMarker", page.NextTaskId);
            }
            else
            {
                // The older shape: the marker for the next page is the last id shown, "" when nothing follows.
                w.WriteString("marker", page.IsTruncated ? page.Tasks[^1].TaskId : "");
                w.WriteNumber("maxKeys", maxKeys);
                w.WriteBoolean("isTruncated", page.IsTruncated);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private ApiOutcome Create(BodyReader body)
    {
        var name = body.RequiredString("name");
        var inputBosUri = body.RequiredString("inputBosUri");
        var outputBosUri = body.RequiredString("outputBosUri");
        var modelId = body.OptionalString("modelId");
        var endpoint = body.OptionalString("endpoint");
        if (string.IsNullOrWhiteSpace(modelId) && string.IsNullOrWhiteSpace(endpoint))
        {
            return BodyReader.Invalid("one of modelId or endpoint is required");
        }
        var inferenceParams = body.OptionalObjectJson("inferenceParams") ?? "{}";
        var description = body.OptionalString("description") ?? "";
        var now = _state.Now();

        var task = _state.Tasks.Create(id => new TaskRecord
        {
            TaskId = id,
            Name = name,
            Description = description,
            Endpoint = string.IsNullOrWhiteSpace(endpoint) ? modelId : endpoint,
            RunStatus = RunStatus.Running,
            InferenceParamsJson = inferenceParams,
            InputBosUri = inputBosUri,
            OutputBosUri = outputBosUri,
            OutputDir = outputBosUri.TrimEnd('/') + "/" + id + "/",
            CreateTime = now,
        });
        return ApiOutcome.Success(w =>
        {
            w.WriteStartObject();
            w.WriteString("taskId", task.TaskId);
            w.WriteEndObject();
        });
    }

    private static ApiOutcome NotFound(string taskId) =>
        ApiOutcome.Error(404, ErrorCodes.ResourceNotFound, $"task {taskId} does not exist");
}
