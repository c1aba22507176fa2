using System;
using System.Management.Automation;
using System.Threading;
using Qianfan.Batch;
using Qianfan.Client;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Get-QianfanBatchTask: describes tasks by id, or lists them (optionally by status), writing
    /// each page's tasks as soon as the page arrives so that a downstream Select-Object -First ends
    /// the paging at once.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "QianfanBatchTask", DefaultParameterSetName = ListSet)]
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

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "TaskIds")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [TaskIdTransformation]
        public string[] TaskId { get; set; }

        /// <summary>Only tasks in these states.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet(BatchTaskStatus.Running, BatchTaskStatus.Done, BatchTaskStatus.Stopped, BatchTaskStatus.Failed, BatchTaskStatus.Expired)]
        public string[] Status { get; set; }

        /// <summary>How many tasks each list request asks for.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, BatchTaskPager.MaxPageSize)]
        public int PageSize { get; set; } = BatchTaskPager.DefaultPageSize;

        /// <summary>How many describe requests may be in flight at once (ids are still written in input order).</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = BatchTaskActionCommand.DefaultThrottleLimit;

        protected override void BeginProcessing() => _client = CreateClient();

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
            if (_describeRun != null) WriteDescriptions(drainAll: true);
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
            var pager = new BatchTaskPager(_client, Status, PageSize);
            while (pager.HasMore)
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
                foreach (var task in page.Tasks) WriteObject(task.ToPSObject());
            }
            if (VerboseEnabled)
                WriteVerbose($"Listed {pager.TasksReturned} task(s) in {pager.PagesRead} page(s)" +
                             (pager.DuplicatesSkipped > 0 ? $"; {pager.DuplicatesSkipped} shown again on a later page were left out." : "."));
        }

        // Ids are described concurrently, like Stop and Remove run, and written in input order.
        private void SubmitDescribe(string raw)
        {
            if (_describeRun == null)
            {
                var gate = new AdaptiveConcurrencyLimiter(ThrottleLimit);
                var client = _client;
                _describeRun = new OrderedBatchRun<DescribeOutcome>(
                    (id, token) => BatchTaskReader.DescribeOutcomeAsync(client, gate, id, token),
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
            _describeRun.Submit(taskId);
        }

        private void WriteDescriptions(bool drainAll)
        {
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
            if (outcome.Failure != null)
            {
                WriteAttempts(outcome.TaskId, (outcome.Failure as QianfanServiceException)?.Attempts ?? new AttemptRecord[0]);
                WriteError(ErrorRecordFactory.ForFailure(outcome.Failure, outcome.TaskId, $"Describing task '{outcome.TaskId}' failed",
                    MyInvocation.MyCommand.Name, outcome.TaskId));
                return;
            }
            WriteAttempts(outcome.TaskId, outcome.Answer.Answer.Attempts);
            foreach (var task in outcome.Answer.Tasks) WriteObject(task.ToPSObject());
        }
    }
}
