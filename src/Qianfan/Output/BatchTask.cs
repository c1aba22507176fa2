using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using Qianfan.Conversion;

// The public output type of Get-QianfanBatchTask, named Qianfan.BatchTask for format views and [OutputType].
namespace Qianfan
{
    /// <summary>
    /// A batch inference task as the service describes it: its fields in PascalCase. Times are local
    /// DateTime values, as Get-Date gives them, because PowerShell compares DateTime values by their
    /// clock reading alone (ignoring Kind): a UTC value would compare wrongly with (Get-Date).AddHours(-2)
    /// anywhere but in UTC. The *Utc properties hold the same instants in UTC, as FileInfo does.
    /// Fields the service adds beyond these appear as extra properties on the output object.
    /// </summary>
    public sealed class BatchTask
    {
        // Each known member's setter says whether it understood the value; one it did not is kept as "<Name>Text".
        private static readonly Dictionary<string, Func<BatchTask, JsonElement, bool>> KnownFields =
            new Dictionary<string, Func<BatchTask, JsonElement, bool>>(StringComparer.Ordinal)
            {
                ["taskId"] = (t, v) => Text(v, x => t.TaskId = x),
                ["name"] = (t, v) => Text(v, x => t.Name = x),
                ["description"] = (t, v) => Text(v, x => t.Description = x),
                ["endpoint"] = (t, v) => Text(v, x => t.Endpoint = x),
                ["runStatus"] = (t, v) => Text(v, x => t.RunStatus = x),
                ["inferenceParams"] = (t, v) =>
                {
                    t._inferenceParams = v;
                    return true;
                },
                ["inputBosUri"] = (t, v) => Text(v, x => t.InputBosUri = x),
                ["outputBosUri"] = (t, v) => Text(v, x => t.OutputBosUri = x),
                ["inputAfsUri"] = (t, v) => Text(v, x => t.InputAfsUri = x),
                ["outputAfsUri"] = (t, v) => Text(v, x => t.OutputAfsUri = x),
                ["outputDir"] = (t, v) => Text(v, x => t.OutputDir = x),
                ["progress"] = (t, v) => Number(v, x => t.Progress = x),
                ["createTime"] = (t, v) => Time(v, x => t.CreateTimeUtc = x),
                ["finishTime"] = (t, v) => Time(v, x => t.FinishTimeUtc = x),
                ["inputTokenUsage"] = (t, v) => WholeNumber(v, x => t.InputTokenUsage = x),
                ["outputTokenUsage"] = (t, v) => WholeNumber(v, x => t.OutputTokenUsage = x),
                ["creator"] = (t, v) => Text(v, x => t.Creator = x),
            };

        private readonly List<KeyValuePair<string, JsonElement>> _additionalFields = new List<KeyValuePair<string, JsonElement>>();
        private JsonElement _source;
        private JsonElement _inferenceParams;
        private object? _inferenceParamsConverted;

        private BatchTask() { }

        public string? TaskId { get; private set; }
        public string? Name { get; private set; }
        public string? Description { get; private set; }
        public string? Endpoint { get; private set; }

        /// <summary>Running, Done, Stopped, Failed or Expired.</summary>
        public string? RunStatus { get; private set; }

        /// <summary>The inference parameters as the service holds them (an object with the answer's members).</summary>
        public object? InferenceParams =>
            _inferenceParamsConverted ?? (_inferenceParamsConverted = JsonToPowerShell.Convert(_inferenceParams));

        public string? InputBosUri { get; private set; }
        public string? OutputBosUri { get; private set; }

        /// <summary>Where the input is on AFS, for a task that reads from AFS rather than BOS (the vendor's describe answer).</summary>
        public string? InputAfsUri { get; private set; }

        /// <summary>Where the output goes on AFS.</summary>
        public string? OutputAfsUri { get; private set; }
        public string? OutputDir { get; private set; }

        /// <summary>Percent done, as the service reports it.</summary>
        public double? Progress { get; private set; }

        /// <summary>When the task was created, in local time (Kind Local).</summary>
        public DateTime? CreateTime => CreateTimeUtc?.ToLocalTime();

        /// <summary>When the task was created, in UTC (Kind Utc).</summary>
        public DateTime? CreateTimeUtc { get; private set; }

        /// <summary>When the task ended, in local time (Kind Local); null while it runs.</summary>
        public DateTime? FinishTime => FinishTimeUtc?.ToLocalTime();

        /// <summary>When the task ended, in UTC (Kind Utc); null while it runs.</summary>
        public DateTime? FinishTimeUtc { get; private set; }

        public long? InputTokenUsage { get; private set; }
        public long? OutputTokenUsage { get; private set; }
        public string? Creator { get; private set; }

        /// <summary>Members of the service's answer that this type has no property for, by their PascalCase name.</summary>
        internal IReadOnlyList<KeyValuePair<string, JsonElement>> AdditionalFields => _additionalFields;

        /// <summary>The task id, so that a task given where an id is expected means that id.</summary>
        public override string ToString() => TaskId ?? string.Empty;

        /// <exception cref="FormatException">The value is not a JSON object.</exception>
        internal static BatchTask FromJson(JsonElement task)
        {
            if (task.ValueKind != JsonValueKind.Object)
                throw new FormatException("a task is a JSON object, not a JSON " + task.ValueKind.ToString().ToLowerInvariant());
            // One copy of the whole object: the members below are views into it, and it is what a
            // task given as a request body is sent as (the service's own field names and values).
            var result = new BatchTask { _source = task.Clone() };
            foreach (var member in result._source.EnumerateObject())
            {
                var value = member.Value;
                if (!KnownFields.TryGetValue(member.Name, out var set))
                    result._additionalFields.Add(new KeyValuePair<string, JsonElement>(PascalCase(member.Name), value));
                else if (!set(result, value))
                    result._additionalFields.Add(new KeyValuePair<string, JsonElement>(PascalCase(member.Name) + "Text", value));
            }
            return result;
        }

        /// <summary>The task as the service gave it: its field names and values, unchanged.</summary>
        internal void WriteServiceJson(Utf8JsonWriter writer) => _source.WriteTo(writer);

        /// <summary>The task for the pipeline: this object, with any additional fields as note properties.</summary>
        internal PSObject ToPSObject()
        {
            var result = new PSObject(this);
            foreach (var field in _additionalFields)
            {
                if (field.Key.Length == 0 || result.Properties[field.Key] != null) continue;
                result.Properties.Add(new PSNoteProperty(field.Key, JsonToPowerShell.Convert(field.Value)));
            }
            return result;
        }

        /// <summary>"inputBosUri" → "InputBosUri", "output_dir" → "OutputDir".</summary>
        internal static string PascalCase(string name)
        {
            var builder = new StringBuilder(name.Length);
            var upperNext = true;
            foreach (var c in name)
            {
                if (c == '_' || c == '-' || c == ' ')
                {
                    upperNext = true;
                    continue;
                }
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            return builder.ToString();
        }

        private static bool IsNoTime(string text)
        {
            text = text.Trim();
            return text.Length == 0 || text.StartsWith("0000-00-00", StringComparison.Ordinal);
        }

        private static bool IsAbsent(JsonElement value) =>
            value.ValueKind == JsonValueKind.Null || value.ValueKind == JsonValueKind.Undefined;

        /// <summary>Assigns the parsed value (null when absent) and says whether the value was understood.</summary>
        private static bool Assign<T>(bool understood, T value, Action<T> assign)
        {
            if (understood) assign(value);
            return understood;
        }

        private static bool Text(JsonElement value, Action<string?> assign) =>
            Assign(value.ValueKind == JsonValueKind.String || IsAbsent(value),
                value.ValueKind == JsonValueKind.String ? value.GetString() : null, assign);

        private static bool Number(JsonElement value, Action<double?> assign)
        {
            if (IsAbsent(value)) return Assign(true, (double?)null, assign);
            var number = 0.0;
            // GetString is null only for a JSON null; a JSON string's text never is.
            var understood = value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out number) ||
                             value.ValueKind == JsonValueKind.String &&
                             double.TryParse(value.GetString()!.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            return Assign(understood, understood ? number : (double?)null, assign);
        }

        private static bool WholeNumber(JsonElement value, Action<long?> assign)
        {
            double? parsed = null;
            var understood = Number(value, x => parsed = x) && !(Math.Abs(parsed ?? 0) > long.MaxValue / 2.0);
            return Assign(understood, parsed.HasValue ? (long)Math.Round(parsed.Value) : (long?)null, assign);
        }

        /// <summary>
        /// An ISO 8601 time (one without a zone is taken as UTC, as the service writes its times),
        /// or Unix seconds or milliseconds. An empty text, or the zero date the vendor's answers give
        /// a task that has not finished ("0000-00-00T00:00:00Z" in its SDK's mock server), is no time.
        /// </summary>
        private static bool Time(JsonElement value, Action<DateTime?> assign)
        {
            // GetString is null only for a JSON null, which IsAbsent takes first.
            if (IsAbsent(value) || value.ValueKind == JsonValueKind.String && IsNoTime(value.GetString()!))
                return Assign(true, (DateTime?)null, assign);
            DateTime? time = null;
            if (value.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
                time = parsed.UtcDateTime;
            else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var unix) && unix > 0 && unix < 253402300800000)
                time = (unix >= 100000000000 ? DateTimeOffset.FromUnixTimeMilliseconds(unix) : DateTimeOffset.FromUnixTimeSeconds(unix)).UtcDateTime;
            return Assign(time.HasValue, time, assign);
        }
    }
}
