using System;
using System.Management.Automation;
using System.Threading;
using Qianfan.Batch;
using Qianfan.Client;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Get-QianfanBatchTask: describes tasks by id, or lists them, keeping those that pass the
    /// filters (status, name, creation time) and the -Skip/-First window. Each page's tasks are
    /// written as soon as the page arrives, and no page is asked for once -First is satisfied or a
    /// downstream Select-Object -First has stopped the pipeline.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "QianfanBatchTask", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(BatchTask))]
    public sealed class GetQianfanBatchTaskCommand : QianfanCommand, IDisposable
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly SeenTaskIds _seen = new SeenTaskIds();
        private static readonly TimeSpan HeadWait = TimeSpan.FromMilliseconds(250);
        private ConsoleClient _client;
        private OrderedBatchRun<DescribeOutcome> _describeRun;
        private BatchTaskFilter _filter;
        private PagingWindow _window;
        private bool _windowFullNoted;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "TaskIds")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        [TaskIdTransformation]
        public string[] TaskId { get; set; }

        /// <summary>Only tasks in these states (when listing, the service filters; when describing, the cmdlet does).</summary>
        [Parameter]
        [ValidateSet(BatchTaskStatus.Running, BatchTaskStatus.Done, BatchTaskStatus.Stopped, BatchTaskStatus.Failed, BatchTaskStatus.Expired)]
        public string[] Status { get; set; }

        /// <summary>Only tasks whose name matches one of these wildcard patterns, in any case.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        /// <summary>Only tasks created at or after this time.</summary>
        [Parameter]
        public DateTime? CreatedAfter { get; set; }

        /// <summary>Only tasks created before this time.</summary>
        [Parameter]
        public DateTime? CreatedBefore { get; set; }

        /// <summary>How many tasks each list request asks for.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, BatchTaskPager.MaxPageSize)]
        public int PageSize { get; set; } = BatchTaskPager.DefaultPageSize;

        /// <summary>How many describe requests may be in flight at once (ids are still written in input order).</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = BatchTaskActionCommand.DefaultThrottleLimit;

        private readonly System.Collections.Generic.List<object> _notAttempted = new System.Collections.Generic.List<object>();
        private int _described;
        private int _failed;

        private protected override int RequestConcurrency => ThrottleLimit;

        protected override void BeginProcessing()
        {
            try
            {
                _filter = new BatchTaskFilter(Status, Name, CreatedAfter, CreatedBefore);
            }
            catch (ArgumentException problem)
            {
                ThrowTerminatingError(new ErrorRecord(problem, "InvalidFilter", ErrorCategory.InvalidArgument, null));
            }
            _window = new PagingWindow(PagingParameters.Skip, PagingParameters.First);
            _client = CreateClient();
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ListSet) List();
            else if (TaskId != null)
            {
                foreach (var raw in TaskId) SubmitDescribe(raw);
                WriteDescriptions(drainAll: false);
            }
        }

        protected override void EndProcessing()
        {
            if (_describeRun != null)
            {
                WriteDescriptions(drainAll: true);
                if (Gate.Halted != null && _notAttempted.Count > 0) EndHaltedRun();
            }
            if (ParameterSetName == ByIdSet) WriteTotalCount();
        }

        private void EndHaltedRun()
        {
            WriteDescriptions(drainAll: true);
            ThrowTerminatingError(ErrorRecordFactory.ForHaltedRun(Gate.Halted, "Describing tasks", _described, _failed,
                _notAttempted.ToArray(), MyInvocation.MyCommand.Name));
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose()
        {
            _describeRun?.Dispose();
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }

        private void List()
        {
            var pager = new BatchTaskPager(_client, _filter.Statuses, PageSize);
            // Reading on after -First only to count the rest, when -IncludeTotalCount asks for the total.
            while (pager.HasMore && (!_window.IsFull || PagingParameters.IncludeTotalCount))
            {
                BatchTaskAnswer page;
                try
                {
                    page = WaitFor(pager.NextPageAsync(_cancellation.Token));
                }
                catch (QianfanServiceException failure)
                {
                    WriteAttempts($"page {pager.PagesRead + 1}", failure.Attempts);
                    WriteError(ErrorRecordFactory.ForFailure(failure, BatchTaskPager.ListAction,
                        $"Listing tasks failed at page {pager.PagesRead + 1}", MyInvocation.MyCommand.Name));
                    return;
                }
                WriteAttempts($"page {pager.PagesRead}", page.Answer.Attempts);
                foreach (var task in page.Tasks)
                {
                    if (_filter.Matches(task) && _window.Admit()) WriteObject(task.ToPSObject());
                }
            }
            if (VerboseEnabled)
                WriteVerbose($"Listed {pager.TasksReturned} task(s) in {pager.PagesRead} page(s)" +
                             (_filter.KeepsAll ? string.Empty : $", {_window.Offered} of them passing the filters") +
                             (pager.HasMore ? ", and asked for no further page once -First was satisfied" : string.Empty) +
                             (pager.DuplicatesSkipped > 0 ? $"; {pager.DuplicatesSkipped} shown again on a later page were left out." : "."));
            WriteTotalCount();
        }

        /// <summary>With -IncludeTotalCount, how many tasks passed the filters, -Skip and -First aside (written after the tasks, so they stream).</summary>
        private void WriteTotalCount()
        {
            if (PagingParameters.IncludeTotalCount) WriteObject(PagingParameters.NewTotalCount(_window.Offered, 1.0));
        }

        // Ids are described concurrently, like Stop and Remove run, and written in input order.
        private void SubmitDescribe(string raw)
        {
            if (_describeRun == null)
            {
                var client = _client;
                _describeRun = new OrderedBatchRun<DescribeOutcome>(
                    (id, token) => BatchTaskReader.DescribeOutcomeAsync(client, id, token),
                    BatchTaskActionCommand.WindowFor(ThrottleLimit), _cancellation.Token);
            }
            switch (TaskIdInput.Check(raw, out var taskId, out var problem))
            {
                case TaskIdVerdict.Blank:
                    return;
                case TaskIdVerdict.Invalid:
                    _describeRun.SubmitDecided(DescribeOutcome.Invalid(taskId, problem));
                    return;
            }
            if (!_seen.Add(taskId))
            {
                if (VerboseEnabled) WriteVerbose($"Skipping '{taskId}': it came earlier in this run and is described once.");
                return;
            }
            if (Gate.Halted != null)
            {
                _describeRun.SubmitDecided(DescribeOutcome.Failed(taskId, Gate.Halted));
                return;
            }
            if (_window.IsFull && !PagingParameters.IncludeTotalCount)
            {
                if (VerboseEnabled && !_windowFullNoted) WriteVerbose($"-First {PagingParameters.First} task(s) written; '{taskId}' and later ids are not described.");
                _windowFullNoted = true;
                return;
            }
            _describeRun.Submit(taskId);
        }

        private void WriteDescriptions(bool drainAll)
        {
            // An empty -TaskId (@()) starts no run: nothing to write.
            if (_describeRun == null) return;
            try
            {
                _describeRun.Drain(drainAll, HeadWait, WriteDescription);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        private void WriteDescription(DescribeOutcome outcome)
        {
            if (outcome.InvalidReason != null)
            {
                WriteError(ErrorRecordFactory.InvalidTaskId(outcome.TaskId, outcome.InvalidReason));
                return;
            }
            if (outcome.NotAttempted)
            {
                _notAttempted.Add(outcome.TaskId);
                return;
            }
            if (outcome.Failure != null)
            {
                _failed++;
                WriteAttempts(outcome.TaskId, (outcome.Failure as QianfanServiceException)?.Attempts ?? new AttemptRecord[0]);
                WriteError(ErrorRecordFactory.ForFailure(outcome.Failure, outcome.TaskId, $"Describing task '{outcome.TaskId}' failed",
                    MyInvocation.MyCommand.Name, outcome.TaskId));
                return;
            }
            _described++;
            WriteAttempts(outcome.TaskId, outcome.Answer.Answer.Attempts);
            foreach (var task in outcome.Answer.Tasks)
            {
                var leftOut = _filter.WhyLeftOut(task);
                if (leftOut != null)
                {
                    if (VerboseEnabled) WriteVerbose($"Leaving out task '{outcome.TaskId}': {leftOut}.");
                }
                else if (_window.Admit()) WriteObject(task.ToPSObject());
            }
        }
    }
}
