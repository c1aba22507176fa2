using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Management.Automation;
using Qianfan.Batch;
using Qianfan.Client;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// The pipeline side of Stop-, Remove- and Wait-QianfanBatchTask: takes ids, confirms them, hands
    /// them to an ordered concurrent run, and writes each outcome in input order on the pipeline thread.
    /// </summary>
    public abstract class BatchTaskActionCommand : QianfanCommand, IDisposable
    {
        // Public because public cmdlets derive from it; only this assembly may derive from it.
        private protected BatchTaskActionCommand() { }

        internal const int DefaultThrottleLimit = 8;
        private static readonly TimeSpan ProgressDelay = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan HeadWait = TimeSpan.FromMilliseconds(250);

        private OrderedBatchRun<BatchTaskOutcome> _run;
        private readonly SeenTaskIds _seen = new SeenTaskIds();
        private readonly List<string> _notAttempted = new List<string>();
        private readonly RunStatistics _statistics = new RunStatistics();
        private TimeSpan _lastProgress = TimeSpan.Zero;
        private bool _progressShown;
        private int? _knownTotal;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "TaskIds")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        [TaskIdTransformation]
        public string[] TaskId { get; set; }

        /// <summary>How many requests may be in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        private protected abstract BatchTaskAction Action { get; }

        /// <summary>The words of the progress bar and the ShouldProcess prompt, e.g. "Stop batch inference task".</summary>
        private protected abstract string ActionDescription { get; }

        /// <summary>Whether this id may be acted on: ShouldProcess, -Force and -WhatIf as the cmdlet defines them.</summary>
        private protected abstract bool ShouldAct(string taskId);

        /// <summary>What carries out each id; the cmdlet's switches (-IgnoreAlreadyDone, -Wait) decide how.</summary>
        private protected virtual BatchTaskExecutor CreateExecutor(ConsoleClient client) => new BatchTaskExecutor(client);

        /// <summary>What a successful id writes: a <see cref="BatchTaskActionResult"/>.</summary>
        private protected virtual object ResultFor(BatchTaskOutcome outcome) => BatchTaskActionResult.From(outcome);

        /// <summary>
        /// A waiter for this run: one deadline, <paramref name="timeoutSeconds"/> (-1 for none) from now, for
        /// every id, and pauses that end as soon as the run stops sending. Call from <see cref="CreateExecutor"/>.
        /// </summary>
        private protected BatchTaskWaiter CreateWaiter(ConsoleClient client, TaskWaitGoal goal, int timeoutSeconds) =>
            BatchTaskWaiter.ForClient(client, goal, timeoutSeconds < 0 ? (TimeSpan?)null : TimeSpan.FromSeconds(timeoutSeconds), Gate.HaltToken);

        private protected override int RequestConcurrency => ThrottleLimit;

        protected override void BeginProcessing()
        {
            var client = CreateClient();
            var executor = CreateExecutor(client);
            var action = Action;
            _run = new OrderedBatchRun<BatchTaskOutcome>((id, token) => executor.ExecuteAsync(id, action, token), WindowFor(ThrottleLimit));
        }

        protected override void ProcessRecord()
        {
            if (!MyInvocation.ExpectingInput && TaskId != null) _knownTotal = TaskId.Length;
            if (TaskId == null) return;
            for (var index = 0; index < TaskId.Length; index++)
            {
                var raw = TaskId[index];
                switch (TaskIdInput.Check(raw, out var taskId, out var problem))
                {
                    case TaskIdVerdict.Blank:
                        _statistics.RecordSkipped();
                        continue;
                    case TaskIdVerdict.Invalid:
                        QueueLocalError(taskId, problem);
                        WriteOutcomesInOrder(drainAll: false);
                        continue;
                }
                if (!_seen.Add(taskId))
                {
                    _statistics.RecordSkipped();
                    if (VerboseEnabled) WriteVerbose($"Skipping '{taskId}': it came earlier in this run and is acted on once.");
                    continue;
                }
                if (Gate.Halted != null)
                {
                    // The run has stopped sending: the id is listed in the closing error instead, in input order.
                    _run.SubmitDecided(BatchTaskOutcome.Unattempted(taskId, Action, Gate.Halted));
                    WriteOutcomesInOrder(drainAll: false);
                    continue;
                }
                if (!ShouldActOrEndRun(taskId, TaskId.Length - index - 1))
                {
                    _statistics.RecordDeclined();
                    continue;
                }
                _run.Submit(taskId);
                WriteOutcomesInOrder(drainAll: false);
            }
            // After a halt the rest of the input is still read, so that the closing error lists every id not attempted.
            if (Gate.Halted != null) WriteOutcomesInOrder(drainAll: false);
        }

        protected override void EndProcessing()
        {
            WriteOutcomesInOrder(drainAll: true);
            if (Gate.Halted != null && _notAttempted.Count > 0) EndHaltedRun();
            CloseProgressAndSummarise();
        }

        protected override void StopProcessing() => _run?.Cancel();

        public void Dispose()
        {
            _run?.Dispose();
            _run = null;
            GC.SuppressFinalize(this);
        }

        private string ActivityName => ActionDescription + "s";

        // Outcomes leave in input order, so an id waiting out a backoff holds the head of the line;
        // a window well beyond the throttle limit keeps the other slots busy meanwhile. Still bounded
        // by the throttle limit, never by the length of the input.
        internal static int WindowFor(int throttleLimit) => Math.Max(32, throttleLimit * 16);

        private void CloseProgressAndSummarise()
        {
            if (_progressShown)
                WriteProgress(new ProgressRecord(1, ActivityName, "Done") { RecordType = ProgressRecordType.Completed });
            if (VerboseEnabled) WriteVerbose($"{ActionDescription}: {_statistics}; {PacingSummary.Describe(Gate.Pacer)}.");
        }

        /// <summary>
        /// The same run-wide failure hit several ids in a row, so the run stopped sending: write what
        /// the ids already sent came to, then end with one error that counts the rest. (When every id
        /// was tried anyway, each has its own error and there is nothing more to say.)
        /// </summary>
        private void EndHaltedRun()
        {
            WriteOutcomesInOrder(drainAll: true);
            CloseProgressAndSummarise();
            ThrowTerminatingError(ErrorRecordFactory.ForHaltedRun(Gate.Halted, ActivityName, _statistics.Succeeded, _statistics.Failed,
                _notAttempted.ToArray<object>(), MyInvocation.MyCommand.Name));
        }

        /// <summary>
        /// ShouldProcess, except that a prompt which cannot be shown (a non-interactive session) ends the
        /// run with an error that says how many ids were not attempted, after writing the ones already sent.
        /// </summary>
        private bool ShouldActOrEndRun(string taskId, int idsAfterInThisCall)
        {
            try
            {
                return ShouldAct(taskId);
            }
            catch (PSInvalidOperationException cannotPrompt)
            {
                WriteOutcomesInOrder(drainAll: true);
                CloseProgressAndSummarise();
                ThrowTerminatingError(ErrorRecordFactory.CannotConfirm(cannotPrompt, taskId, 1 + idsAfterInThisCall, MyInvocation.MyCommand.Name));
                return false;
            }
        }

        // Invalid ids are decided at once but must still come out in input order, so they queue like the rest.
        private void QueueLocalError(string taskId, string problem) =>
            _run.SubmitDecided(BatchTaskOutcome.Failed(taskId, Action, new LocalInputProblem(problem), TimeSpan.Zero));

        /// <summary>Writes every outcome that is ready, in order; blocks while the window is full, or until all are out when draining.</summary>
        private void WriteOutcomesInOrder(bool drainAll)
        {
            try
            {
                _run.Drain(drainAll, HeadWait, WriteOutcome, UpdateProgress);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        private void WriteOutcome(BatchTaskOutcome outcome)
        {
            if (outcome.NotAttempted)
            {
                _notAttempted.Add(outcome.TaskId);
                return;
            }
            _statistics.Record(outcome);
            WriteAttempts(outcome.TaskId, outcome.Attempts);
            if (outcome.Warning != null) WriteWarning(outcome.Warning);
            if (outcome.Succeeded)
            {
                WriteSucceeded(outcome);
                return;
            }
            var error = ErrorFor(outcome);
            if (ErrorActionIsStop) ReportTheRestBeforeStopping(error);
            WriteError(error);
        }

        private void WriteSucceeded(BatchTaskOutcome outcome)
        {
            if (outcome.Detail != null && VerboseEnabled) WriteVerbose($"{Action} of task '{outcome.TaskId}': {outcome.Status}, {outcome.Detail}.");
            WriteObject(ResultFor(outcome));
        }

        private ErrorRecord ErrorFor(BatchTaskOutcome outcome)
        {
            if (outcome.Failure is LocalInputProblem local) return ErrorRecordFactory.InvalidTaskId(outcome.TaskId, local.Message);
            if (outcome.FailedWhileWaiting || outcome.Action == BatchTaskAction.Wait)
                return WaitErrorRecords.For(outcome, MyInvocation.MyCommand.Name);
            return ErrorRecordFactory.ForFailure(outcome.Failure, outcome.TaskId,
                $"{Action} of task '{outcome.TaskId}' failed", MyInvocation.MyCommand.Name, outcome.TaskId);
        }

        /// <summary>
        /// Under -ErrorAction Stop this error ends the run. Ids sent after it may have taken effect, so
        /// nothing more is sent, and those already in flight are waited for and written first; the
        /// error then says what happened to the rest.
        /// </summary>
        private void ReportTheRestBeforeStopping(ErrorRecord error)
        {
            Gate.StopSending(new RunHaltedException("-ErrorAction Stop ended the run"));
            var written = 0;
            var failedIds = new List<string>();
            _run.Drain(drainAll: true, HeadWait, outcome =>
            {
                if (outcome.NotAttempted)
                {
                    _notAttempted.Add(outcome.TaskId);
                    return;
                }
                _statistics.Record(outcome);
                if (!outcome.Succeeded)
                {
                    failedIds.Add(outcome.TaskId);
                    return;
                }
                WriteAttempts(outcome.TaskId, outcome.Attempts);
                if (outcome.Warning != null) WriteWarning(outcome.Warning);
                WriteSucceeded(outcome);
                written++;
            });
            CloseProgressAndSummarise();
            ErrorRecordFactory.AppendStopAccount(error, written, failedIds, _notAttempted.Count);
        }

        private void UpdateProgress()
        {
            var elapsed = _statistics.Elapsed;
            if (elapsed < ProgressDelay || elapsed - _lastProgress < ProgressInterval) return;
            _lastProgress = elapsed;
            _progressShown = true;
            var status = string.Format(CultureInfo.InvariantCulture, "{0} done, {1} failed, {2:0.0}/s",
                _statistics.Done, _statistics.Failed, _statistics.RatePerSecond);
            var record = new ProgressRecord(1, ActivityName, status);
            if (_knownTotal > 0)
            {
                record.PercentComplete = Math.Min(100, (int)(100L * (_statistics.Done + _statistics.Skipped + _statistics.Declined) / _knownTotal.Value));
                var rate = _statistics.RatePerSecond;
                if (rate > 0) record.SecondsRemaining = (int)Math.Max(0, (_knownTotal.Value - _statistics.Done) / rate);
            }
            WriteProgress(record);
        }

        /// <summary>An id refused before any request; its message says why.</summary>
        private sealed class LocalInputProblem : Exception
        {
            public LocalInputProblem(string problem) : base(problem) { }
        }
    }
}
