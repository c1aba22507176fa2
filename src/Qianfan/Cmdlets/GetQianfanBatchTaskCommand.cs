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
        private ConsoleClient _client;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "TaskIds")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[] TaskId { get; set; }

        /// <summary>Only tasks in these states.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet(BatchTaskStatus.Running, BatchTaskStatus.Done, BatchTaskStatus.Stopped, BatchTaskStatus.Failed, BatchTaskStatus.Expired)]
        public string[] Status { get; set; }

        /// <summary>How many tasks each list request asks for.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, BatchTaskPager.MaxPageSize)]
        public int PageSize { get; set; } = BatchTaskPager.DefaultPageSize;

        protected override void BeginProcessing() => _client = CreateClient();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ListSet) List();
            else if (TaskId != null)
                foreach (var raw in TaskId) Describe(raw);
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose()
        {
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

        private void Describe(string raw)
        {
            switch (TaskIdInput.Check(raw, out var taskId, out var problem))
            {
                case TaskIdVerdict.Blank:
                    return;
                case TaskIdVerdict.Invalid:
                    WriteError(ErrorRecordFactory.InvalidTaskId(taskId, problem));
                    return;
            }
            if (!_seen.Add(taskId))
            {
                if (VerboseEnabled) WriteVerbose($"Skipping '{taskId}': it came earlier in this run and is described once.");
                return;
            }
            BatchTaskAnswer answer;
            try
            {
                answer = WaitFor(BatchTaskReader.DescribeAsync(_client, taskId, _cancellation.Token));
            }
            catch (QianfanServiceException failure)
            {
                WriteAttempts(taskId, failure.Attempts);
                WriteError(ErrorRecordFactory.ForFailure(failure, taskId, $"Describing task '{taskId}' failed", MyInvocation.MyCommand.Name, taskId));
                return;
            }
            WriteAttempts(taskId, answer.Answer.Attempts);
            foreach (var task in answer.Tasks) WriteObject(task.ToPSObject());
        }
    }
}
