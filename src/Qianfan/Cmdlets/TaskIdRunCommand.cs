using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Runs;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// The pipeline side of every cmdlet that runs over task ids (Stop-, Remove-, Wait-QianfanBatchTask,
    /// and Get-QianfanBatchTask given ids): takes -TaskId from the command line or the pipeline, refuses
    /// bad ids and repeats without a request, sends the rest concurrently (up to -ThrottleLimit), and
    /// writes each outcome in input order on the pipeline thread, with progress and a closing summary.
    /// A run that stops sending ends in one error listing the ids not attempted. Under -ErrorAction Stop
    /// the first failure stops sending as it arrives; the ids already in flight are written before the
    /// error, which says what became of the rest and lists every id not done.
    /// A subclass says what to send for an id, whether to send it, and how to write what came back.
    /// </summary>
    public abstract class TaskIdRunCommand : QianfanCommand
    {
        // Public because public cmdlets derive from it; only this assembly may derive from it.
        private protected TaskIdRunCommand() { }

        internal const int DefaultThrottleLimit = 8;
        private static readonly TimeSpan ProgressDelay = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan HeadWait = TimeSpan.FromMilliseconds(250);

        private readonly SeenTaskIds _seen = new SeenTaskIds();
        private readonly List<string> _notAttempted = new List<string>();
        private readonly RunStatistics _statistics = new RunStatistics();
        private OrderedRun<ITaskIdOutcome>? _run;
        private TimeSpan _lastProgress = TimeSpan.Zero;
        private bool _progressShown;
        private int? _knownTotal;
        private string?[] _input = Array.Empty<string?>();
        private int _inputIndex;
        private bool _inputEnded;

        // Virtual so that a cmdlet with other parameter sets can put it in the one that takes ids.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "TaskIds")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        [TaskIdTransformation]
        public virtual string?[]? TaskId { get; set; }

        /// <summary>How many requests may be in flight at once (outcomes are still written in input order).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public virtual int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        private protected override int RequestConcurrency => ThrottleLimit;

        /// <summary>The run BeginProcessing started; every step that uses it runs only over ids, so only after that.</summary>
        private OrderedRun<ITaskIdOutcome> Run => _run ?? throw new InvalidOperationException("The run over task ids has not begun, or has been disposed.");

        /// <summary>False when this invocation does not run over ids (Get-QianfanBatchTask listing): then nothing here runs.</summary>
        private protected virtual bool RunsOverTaskIds => true;

        /// <summary>Whether the run shows a progress bar and ends with a verbose summary.</summary>
        private protected virtual bool ReportsProgress => true;

        private protected abstract TaskIdRunWording Wording { get; }

        /// <summary>What is sent for each id, with the client of this command; it says how the id ended and never throws for a failure of that id.</summary>
        private protected abstract Func<string, CancellationToken, Task<ITaskIdOutcome>> SenderFor(ConsoleClient client);

        /// <summary>
        /// Whether this id is sent: ShouldProcess for a cmdlet that changes something, or a limit such as -First.
        /// A <see cref="PSInvalidOperationException"/> (a prompt that cannot be shown) ends the run.
        /// </summary>
        private protected abstract bool ShouldSend(string taskId);

        /// <summary>Writes what a successful id came to.</summary>
        private protected abstract void WriteSucceeded(ITaskIdOutcome outcome);

        /// <summary>The error record of an id the service (or the wait) failed; ids refused locally are not asked about.</summary>
        private protected abstract ErrorRecord ErrorFor(ITaskIdOutcome outcome);

        // Outcomes leave in input order, so an id waiting out a backoff holds the head of the line;
        // a window well beyond the throttle limit keeps the other slots busy meanwhile. Still bounded
        // by the throttle limit, never by the length of the input.
        internal static int WindowFor(int throttleLimit) => Math.Max(32, throttleLimit * 16);

        protected override void BeginProcessing()
        {
            if (!RunsOverTaskIds) return;
            var send = SenderFor(CreateClient());
            _run = new OrderedRun<ITaskIdOutcome>(FailureStopsRun.Around(send, Gate.IdFailed), WindowFor(ThrottleLimit), PipelineStopToken);
        }

        protected override void ProcessRecord()
        {
            if (!RunsOverTaskIds || TaskId == null) return;
            if (!MyInvocation.ExpectingInput) _knownTotal = TaskId.Length;
            _input = TaskId;
            for (_inputIndex = 0; _inputIndex < _input.Length; _inputIndex++) Take(_input[_inputIndex], _input.Length - _inputIndex - 1);
            _input = Array.Empty<string?>();
            // After a halt the rest of the input is still read, so that the closing error lists every id not attempted.
            if (Gate.Halted != null) WriteOutcomesInOrder(drainAll: false);
        }

        protected override void EndProcessing()
        {
            if (!RunsOverTaskIds) return;
            _inputEnded = true;
            WriteOutcomesInOrder(drainAll: true);
            if (Gate.Halted is { } halt && _notAttempted.Count > 0) EndHaltedRun(halt);
            CloseProgressAndSummarise();
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

        private void Take(string? raw, int idsAfterInThisCall)
        {
            switch (TaskIdInput.Check(raw, out var taskId, out var problem))
            {
                case TaskIdVerdict.Blank:
                    _statistics.RecordSkipped();
                    return;
                case TaskIdVerdict.Invalid:
                    // Decided at once, but still written in input order; under -ErrorAction Stop nothing is sent from now on.
                    // Check gives a problem with every Invalid verdict.
                    Gate.IdFailed();
                    Run.SubmitDecided(UnsentTaskId.Invalid(taskId, problem!));
                    WriteOutcomesInOrder(drainAll: false);
                    return;
            }
            if (!_seen.Add(taskId))
            {
                _statistics.RecordSkipped();
                if (VerboseEnabled) WriteVerbose($"Skipping '{taskId}': it came earlier in this run and is {Wording.DoneOnceAs} once.");
                return;
            }
            if (Gate.Halted != null)
            {
                // The run has stopped sending: the id is listed in the closing error instead, in input order.
                Run.SubmitDecided(UnsentTaskId.AfterHalt(taskId));
                WriteOutcomesInOrder(drainAll: false);
                return;
            }
            if (!ShouldSendOrEndRun(taskId, idsAfterInThisCall))
            {
                _statistics.RecordDeclined();
                return;
            }
            Run.Submit(taskId);
            WriteOutcomesInOrder(drainAll: false);
        }

        /// <summary>
        /// <see cref="ShouldSend"/>, except that a prompt which cannot be shown (a non-interactive session) ends the
        /// run with an error that says how many ids were not attempted, after writing the ones already sent.
        /// </summary>
        private bool ShouldSendOrEndRun(string taskId, int idsAfterInThisCall)
        {
            try
            {
                return ShouldSend(taskId);
            }
            catch (PSInvalidOperationException cannotPrompt)
            {
                WriteOutcomesInOrder(drainAll: true);
                CloseProgressAndSummarise();
                ThrowTerminatingError(ErrorRecordFactory.CannotConfirm(cannotPrompt, taskId, 1 + idsAfterInThisCall, MyInvocation.MyCommand.Name));
                return false;
            }
        }

        /// <summary>
        /// The same run-wide failure hit several ids in a row, so the run stopped sending: write what
        /// the ids already sent came to, then one error that counts the rest and holds them as its
        /// target. It is written, not thrown, so that -ErrorVariable keeps it as a record with that
        /// target, and the console shows one error for all the ids not attempted. (When every id was
        /// tried anyway, each has its own error and there is nothing more to say.)
        /// </summary>
        private void EndHaltedRun(RunHaltedException halt)
        {
            WriteOutcomesInOrder(drainAll: true);
            CloseProgressAndSummarise();
            WriteError(ErrorRecordFactory.ForHaltedRun(halt, Wording.Activity, _statistics.Succeeded, _statistics.Failed,
                _notAttempted.ToArray<object>(), MyInvocation.MyCommand.Name));
        }

        /// <summary>Writes every outcome that is ready, in order; blocks while the window is full, or until all are out when draining.</summary>
        private void WriteOutcomesInOrder(bool drainAll)
        {
            try
            {
                Run.Drain(drainAll, HeadWait, WriteOutcome, UpdateProgress);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        private void WriteOutcome(ITaskIdOutcome outcome)
        {
            if (outcome.NotAttempted)
            {
                _notAttempted.Add(outcome.TaskId);
                return;
            }
            _statistics.Record(outcome);
            WriteNotes(outcome);
            if (outcome.Succeeded)
            {
                WriteSucceeded(outcome);
                return;
            }
            // An unsent id without a reason is one not attempted, which returned above.
            var error = outcome is UnsentTaskId { InvalidReason: { } reason } refused
                ? ErrorRecordFactory.InvalidTaskId(refused.TaskId, reason)
                : ErrorFor(outcome);
            if (ErrorActionIsStop) error = ReportTheRestBeforeStopping(error);
            WriteError(error);
        }

        private void WriteNotes(ITaskIdOutcome outcome)
        {
            WriteAttempts(outcome.TaskId, outcome.Attempts);
            if (outcome.Warning != null) WriteWarning(outcome.Warning);
        }

        /// <summary>
        /// Under -ErrorAction Stop this error ends the run. The run stopped sending when the first failure
        /// arrived (see <see cref="FailureStopsRun"/>); ids sent before that may have taken effect, so those
        /// still in flight are waited for and written first. The error then says what happened to the rest
        /// and holds every id read and not done as its target, in input order.
        /// </summary>
        private ErrorRecord ReportTheRestBeforeStopping(ErrorRecord error)
        {
            Gate.StopSending(new RunHaltedException("-ErrorAction Stop ended the run"));
            var written = 0;
            var failedIds = new List<string>();
            var notDone = new List<object?>(_notAttempted) { error.TargetObject };
            Run.Drain(drainAll: true, HeadWait, outcome =>
            {
                if (outcome.NotAttempted)
                {
                    _notAttempted.Add(outcome.TaskId);
                    notDone.Add(outcome.TaskId);
                    return;
                }
                _statistics.Record(outcome);
                if (!outcome.Succeeded)
                {
                    failedIds.Add(outcome.TaskId);
                    notDone.Add(outcome.TaskId);
                    return;
                }
                WriteNotes(outcome);
                WriteSucceeded(outcome);
                written++;
            });
            var unread = UnreadInputOfThisCall();
            notDone.AddRange(unread);
            CloseProgressAndSummarise();
            return ErrorRecordFactory.EndingTheRun(error, written, failedIds, _notAttempted.Count + unread.Count, notDone,
                moreInputMayFollow: MyInvocation.ExpectingInput && !_inputEnded);
        }

        /// <summary>The ids given in this call of ProcessRecord after the one being taken: known, but not yet read into the run.</summary>
        private List<string> UnreadInputOfThisCall()
        {
            var unread = new List<string>();
            for (var index = _inputIndex + 1; index < _input.Length; index++)
                if (TaskIdInput.Check(_input[index], out var taskId, out _) != TaskIdVerdict.Blank && _seen.Add(taskId)) unread.Add(taskId);
            return unread;
        }

        private void CloseProgressAndSummarise()
        {
            if (!ReportsProgress) return;
            if (_progressShown)
                WriteProgress(new ProgressRecord(1, Wording.Activity, "Done") { RecordType = ProgressRecordType.Completed });
            if (VerboseEnabled) WriteVerbose($"{Wording.Action}: {_statistics}; {PacingSummary.Describe(Gate.Pacer)}.");
        }

        private void UpdateProgress()
        {
            if (!ReportsProgress) return;
            var elapsed = _statistics.Elapsed;
            if (elapsed < ProgressDelay || elapsed - _lastProgress < ProgressInterval) return;
            _lastProgress = elapsed;
            _progressShown = true;
            var status = string.Format(CultureInfo.InvariantCulture, "{0} done, {1} failed, {2:0.0}/s",
                _statistics.Done, _statistics.Failed, _statistics.RatePerSecond);
            var record = new ProgressRecord(1, Wording.Activity, status);
            if (_knownTotal > 0)
            {
                record.PercentComplete = Math.Min(100, (int)(100L * (_statistics.Done + _statistics.Skipped + _statistics.Declined) / _knownTotal.Value));
                var rate = _statistics.RatePerSecond;
                if (rate > 0) record.SecondsRemaining = (int)Math.Max(0, (_knownTotal.Value - _statistics.Done) / rate);
            }
            WriteProgress(record);
        }
    }
}
