using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Records;
using Qianfan.Runs;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Get-QianfanBatchTask: describes tasks by id, or lists them, keeping those that pass the
    /// filters (status, name, creation time) and the -Skip/-First window. Each page's tasks are
    /// written as soon as the page arrives, and no page is asked for once -First is satisfied or a
    /// downstream Select-Object -First has stopped the pipeline. Ids are described by a run over
    /// ids (<see cref="TaskIdRun{TOutcome}"/>), like Stop and Remove, and written in input order.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "QianfanBatchTask", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(BatchTask))]
    public sealed class GetQianfanBatchTaskCommand : QianfanCommand
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        // Set in BeginProcessing, which PowerShell runs before ProcessRecord and EndProcessing (the client only when listing, the run only given ids).
        private ConsoleClient _listClient = null!;
        private TaskIdRun<DescribeOutcome>? _run;
        private BatchTaskFilter _filter = null!;
        private PagingWindow _window = null!;
        private PlainNames _plainNames = null!;
        private bool _windowFullNoted;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "TaskIds")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        [TaskIdTransformation]
        public string?[]? TaskId { get; set; }

        /// <summary>Only tasks in these states (when listing, the service filters; when describing, the cmdlet does).</summary>
        [Parameter]
        [ValidateSet(ServiceProtocol.RunStatuses.Running, ServiceProtocol.RunStatuses.Done, ServiceProtocol.RunStatuses.Stopped, ServiceProtocol.RunStatuses.Failed, ServiceProtocol.RunStatuses.Expired)]
        public string[]? Status { get; set; }

        /// <summary>Only tasks whose name matches one of these wildcard patterns, in any case.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

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

        /// <summary>How many describe requests may be in flight at once (ids are still written in input order); listing sends one request at a time.</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = TaskIdRunCommand.DefaultThrottleLimit;

        private bool DescribesIds => ParameterSetName == ByIdSet;

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
            _plainNames = new PlainNames(Name);
            if (DescribesIds) _run = CmdletRunHost.RunFor(this, gate => new DescribeWork(CreateClient(gate), _filter, _window), ShouldDescribe, ThrottleLimit);
            else _listClient = CreateClient();
        }

        protected override void ProcessRecord()
        {
            if (_run == null) List();
            else if (TaskId != null) _run.Take(TaskId);
        }

        protected override void EndProcessing()
        {
            if (_run == null) return;
            _run.End();
            WriteTotalCount();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _run?.Dispose();
                _run = null;
            }
            base.Dispose(disposing);
        }

        // Once -First tasks are out, later ids are not described (unless -IncludeTotalCount must count them).
        private bool ShouldDescribe(string taskId)
        {
            if (!_window.IsFull || PagingParameters.IncludeTotalCount) return true;
            if (VerboseEnabled && !_windowFullNoted) WriteVerbose($"-First {PagingParameters.First} task(s) written; '{taskId}' and later ids are not described.");
            _windowFullNoted = true;
            return false;
        }

        private void List()
        {
            var pager = new BatchTaskPager(_listClient, _filter.Statuses, PageSize);
            // Reading on after -First only to count the rest, when -IncludeTotalCount asks for the total.
            while (pager.HasMore && (!_window.IsFull || PagingParameters.IncludeTotalCount))
            {
                BatchTaskAnswer page;
                try
                {
                    page = PipelineStop.WaitFor(pager.NextPageAsync(PipelineStopToken));
                }
                catch (QianfanServiceException failure)
                {
                    WriteAttempts($"page {pager.PagesRead + 1}", failure.Attempts);
                    WriteError(ErrorRecordFactory.ForFailure(failure, ServiceProtocol.Actions.DescribeBatchInferenceTasks,
                        $"Listing tasks failed at page {pager.PagesRead + 1}", MyInvocation.MyCommand.Name));
                    return;
                }
                WriteAttempts($"page {pager.PagesRead}", page.Answer.Attempts);
                foreach (var task in page.Tasks)
                {
                    if (!_filter.Matches(task)) continue;
                    _plainNames.Found(task);
                    if (_window.Admit()) WriteObject(task.ToPSObject());
                }
            }
            if (VerboseEnabled)
                WriteVerbose($"Listed {pager.TasksReturned} task(s) in {pager.PagesRead} page(s)" +
                             (_filter.KeepsAll ? string.Empty : $", {_window.Offered} of them passing the filters") +
                             (pager.HasMore ? ", and asked for no further page once -First was satisfied" : string.Empty) +
                             (pager.DuplicatesSkipped > 0 ? $"; {pager.DuplicatesSkipped} shown again on a later page were left out." : "."));
            WriteTotalCount();
            // Only a listing read to its end knows that no task has the name.
            if (!pager.HasMore) WriteNameNotFoundErrors();
        }

        private void WriteNameNotFoundErrors()
        {
            var filtered = Status != null || CreatedAfter != null || CreatedBefore != null;
            foreach (var name in _plainNames.NotFound)
            {
                var message = $"No task named '{ErrorRecordFactory.Printable(name)}' was found" + (filtered ? " among those that pass -Status, -CreatedAfter and -CreatedBefore" : string.Empty) +
                              ". -Name matches whole names, in any case; to match part of a name use wildcards, e.g. -Name '*" + name.Replace("'", "''") + "*'.";
                WriteError(new ErrorRecord(new ItemNotFoundException(message), "TaskNameNotFound", ErrorCategory.ObjectNotFound, name));
            }
        }

        /// <summary>With -IncludeTotalCount, how many tasks passed the filters, -Skip and -First aside (written after the tasks, so they stream).</summary>
        private void WriteTotalCount()
        {
            if (PagingParameters.IncludeTotalCount) WriteObject(PagingParameters.NewTotalCount(_window.Offered, 1.0));
        }
    }
}
