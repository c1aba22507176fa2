using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Errors;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Runs;

namespace Qianfan.Tasks
{
    /// <summary>
    /// Lists batch inference tasks one page at a time (DescribeBatchInferenceTasks), so that a caller
    /// can hand each page on before asking for the next, and stop asking whenever it likes. Each task
    /// comes out once even if the service shows it on two pages (an inclusive marker shows a task again).
    /// </summary>
    internal sealed class BatchTaskPager
    {
        public const int MaxPageSize = 100;
        public const int DefaultPageSize = 100;

        private readonly ConsoleClient _client;
        private readonly List<string> _statuses;
        private readonly int _pageSize;
        private readonly SeenTaskIds _seen = new SeenTaskIds();
        private readonly HashSet<string> _markersSent = new HashSet<string>(StringComparer.Ordinal);
        private string? _marker;
        private QianfanServiceException? _stalled;

        /// <param name="statuses">Only tasks in these states (any case); none for every task.</param>
        /// <exception cref="ArgumentException">A status is not one the service knows.</exception>
        public BatchTaskPager(ConsoleClient client, IEnumerable<string>? statuses, int pageSize = DefaultPageSize)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            if (pageSize < 1 || pageSize > MaxPageSize)
                throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"The page size must be between 1 and {MaxPageSize}.");
            _pageSize = pageSize;
            var normalized = new List<string>();
            foreach (var status in statuses ?? Enumerable.Empty<string>())
            {
                var known = BatchTaskStatus.Normalize(status) ??
                            throw new ArgumentException($"'{status}' is not a task status; use one of {string.Join(", ", ServiceProtocol.RunStatuses.All)}.");
                if (!normalized.Contains(known)) normalized.Add(known);
            }
            _statuses = normalized;
        }

        /// <summary>True until a page has said that nothing follows.</summary>
        public bool HasMore { get; private set; } = true;

        public int PagesRead { get; private set; }
        public int TasksReturned { get; private set; }

        /// <summary>Tasks left out because an earlier page already had them.</summary>
        public int DuplicatesSkipped { get; private set; }

        /// <summary>Asks for the next page.</summary>
        /// <exception cref="QianfanServiceException">
        /// The request failed, or the answer is not a task list, or the last page gave no new marker to ask for
        /// this one with (thrown here, after that page's tasks were handed out, without a request).
        /// </exception>
        /// <exception cref="InvalidOperationException">There is no next page.</exception>
        public async Task<BatchTaskAnswer> NextPageAsync(CancellationToken cancellationToken)
        {
            if (!HasMore) throw new InvalidOperationException("The last page has been read.");
            if (_stalled != null) throw _stalled;
            var answer = await _client.SendAsync(NextCall(), cancellationToken).ConfigureAwait(false);
            var page = Read(answer);
            PagesRead++;
            return page;
        }

        /// <summary>The request for the next page: {"maxKeys", "marker" after the first page, "runStatus" when filtered}.</summary>
        internal ConsoleCall NextCall() =>
            new ConsoleCall(ServiceProtocol.Route.BatchInference, ServiceProtocol.Actions.DescribeBatchInferenceTasks, ConsoleCall.JsonObject(writer =>
            {
                writer.WriteNumber("maxKeys", _pageSize);
                if (_marker != null) writer.WriteString("marker", _marker);
                if (_statuses.Count > 0)
                {
                    writer.WriteStartArray("runStatus");
                    foreach (var status in _statuses) writer.WriteStringValue(status);
                    writer.WriteEndArray();
                }
            }));

        private BatchTaskAnswer Read(ConsoleResult answer)
        {
            var result = answer.Result;
            if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("taskList", out var list) ||
                (list.ValueKind != JsonValueKind.Array && list.ValueKind != JsonValueKind.Null))
                throw Unexpected(answer, "the result has no taskList array");

            var tasks = new List<BatchTask>();
            if (list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    BatchTask task;
                    try
                    {
                        task = BatchTask.FromJson(item);
                    }
                    catch (FormatException problem)
                    {
                        throw Unexpected(answer, "taskList holds something that is not a task: " + problem.Message);
                    }
                    if (task.TaskId is { Length: > 0 } taskId && !_seen.Add(taskId))
                    {
                        DuplicatesSkipped++;
                        continue;
                    }
                    tasks.Add(task);
                }
            }
            TasksReturned += tasks.Count;

            var pageInfo = result.TryGetProperty("pageInfo", out var info) && info.ValueKind == JsonValueKind.Object ? info : default;
            HasMore = pageInfo.ValueKind == JsonValueKind.Object && pageInfo.TryGetProperty("isTruncated", out var flag) &&
                      flag.ValueKind == JsonValueKind.True;
            if (HasMore)
            {
                var next = NextMarker(pageInfo, LastTaskId(list));
                if (next != null)
                {
                    _marker = next;
                    _markersSent.Add(next);
                }
                else
                {
                    // This page's tasks still go out; the listing ends when the caller asks for the next page. The
                    // page's attempts go out with its tasks, so the failure then carries none of its own.
                    _stalled = Unexpected(answer, $"page {PagesRead + 1} said more tasks follow (pageInfo {Quote(pageInfo)}) but gave no marker " +
                                                  $"to ask for them with that was not asked for already; {TasksReturned} task(s) were listed",
                        Array.Empty<AttemptRecord>());
                }
            }
            return new BatchTaskAnswer(tasks, answer);
        }

        /// <summary>
        /// The marker for the next page: pageInfo.nextMarker, as the vendor pages (its SDK's mock server, the
        /// v2 console list answers; BCE's marker / isTruncated / nextMarker convention). Without one,
        /// pageInfo.marker when it is not the marker just sent (older answers put the next marker there),
        /// else the page's last task id (an inclusive marker shows that task again; it is left out once).
        /// Null when none of these was not already sent: the service would answer the same page again.
        /// </summary>
        private string? NextMarker(JsonElement pageInfo, string? lastTaskId)
        {
            var echoed = Text(pageInfo, "marker");
            var candidates = new[] { Text(pageInfo, "nextMarker"), echoed == _marker ? null : echoed, lastTaskId };
            return candidates.FirstOrDefault(marker => !string.IsNullOrEmpty(marker) && !_markersSent.Contains(marker!));
        }

        private static string? LastTaskId(JsonElement list)
        {
            if (list.ValueKind != JsonValueKind.Array) return null;
            var count = list.GetArrayLength();
            return count == 0 ? null : Text(list[count - 1], "taskId");
        }

        private static string? Text(JsonElement parent, string name) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        private static string Quote(JsonElement pageInfo) =>
            pageInfo.ValueKind == JsonValueKind.Object ? ServiceText.Message(pageInfo.GetRawText()) : "(none)";

        private static QianfanServiceException Unexpected(ConsoleResult answer, string detail, IReadOnlyList<AttemptRecord>? attempts = null) =>
            BatchTaskAnswer.NotUnderstood(ServiceProtocol.Actions.DescribeBatchInferenceTasks, answer, detail, attempts);
    }
}
