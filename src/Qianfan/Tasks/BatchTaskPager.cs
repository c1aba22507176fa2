using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Runs;

namespace Qianfan.Tasks
{
    /// <summary>
    /// Lists batch inference tasks one page at a time (DescribeBatchInferenceTasks), so that a caller
    /// can hand each page on before asking for the next, and stop asking whenever it likes. Each task
    /// comes out once even if the service shows it on two pages.
    /// </summary>
    internal sealed class BatchTaskPager
    {
        public const int MaxPageSize = 100;
        public const int DefaultPageSize = 100;

        private readonly ConsoleClient _client;
        private readonly List<string> _statuses;
        private readonly int _pageSize;
        private readonly SeenTaskIds _seen = new SeenTaskIds();
        private string? _marker;

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
        /// <exception cref="QianfanServiceException">The request failed, or the answer is not a task list.</exception>
        /// <exception cref="InvalidOperationException">There is no next page.</exception>
        public async Task<BatchTaskAnswer> NextPageAsync(CancellationToken cancellationToken)
        {
            if (!HasMore) throw new InvalidOperationException("The last page has been read.");
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

            // Paging as the vendor's SDKs do it (an assumption of this module, kept here alone): the next page is
            // asked for with the marker of this one, until isTruncated is false.
            var pageInfo = result.TryGetProperty("pageInfo", out var info) && info.ValueKind == JsonValueKind.Object ? info : default;
            var truncated = pageInfo.ValueKind == JsonValueKind.Object && pageInfo.TryGetProperty("isTruncated", out var flag) &&
                            flag.ValueKind == JsonValueKind.True;
            if (truncated)
            {
                var next = pageInfo.TryGetProperty("marker", out var marker) && marker.ValueKind == JsonValueKind.String ? marker.GetString() : null;
                if (string.IsNullOrEmpty(next) || next == _marker)
                    throw Unexpected(answer, "the service said more tasks follow but gave no new marker to ask for them with");
                _marker = next;
            }
            HasMore = truncated;
            return new BatchTaskAnswer(tasks, answer);
        }

        private static QianfanServiceException Unexpected(ConsoleResult answer, string detail) =>
            BatchTaskAnswer.NotUnderstood(ServiceProtocol.Actions.DescribeBatchInferenceTasks, answer, detail);
    }
}
