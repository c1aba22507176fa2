using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Records;
using Qianfan.Runs.Gate;

namespace Qianfan.Runs
{
    /// <summary>
    /// One run over task ids (one call of Stop-, Remove-, Wait- or Get-QianfanBatchTask given ids): refuses
    /// bad ids and repeats without a request, sends the rest concurrently through the run's gate (up to the
    /// throttle limit), and writes each outcome in input order on the caller's thread, with progress and a
    /// closing summary. A run whose gate stops sending ends in one error listing the ids not attempted.
    /// Under -ErrorAction Stop the first failure stops sending as it arrives; the ids already in flight are
    /// written before the error, which says what became of the rest and lists every id not done.
    /// Not thread-safe: one caller (the pipeline thread) takes ids and ends the run.
    /// </summary>
    internal sealed class TaskIdRun<TOutcome> : ITaskIdRun where TOutcome : class, ITaskIdOutcome
    {
        private static readonly TimeSpan HeadWait = TimeSpan.FromMilliseconds(250);

        private readonly IRunHost _host;
        private readonly ITaskIdWork<TOutcome> _work;
        private readonly RequestGate _gate;
        private readonly OrderedRun<RunEntry<TOutcome>> _ordered;
        private readonly SeenTaskIds _seen = new SeenTaskIds();
        private readonly List<string> _notAttempted = new List<string>();
        private readonly RunStatistics _statistics = new RunStatistics();
        private readonly RunProgress _progress;
        private RunEnding? _ending;
        private IReadOnlyList<string?> _input = Array.Empty<string?>();
        private int _inputIndex;
        private bool _inputEnded;

        /// <param name="host">The cmdlet's side: streams, preferences, confirmation.</param>
        /// <param name="limits">The limits of the run's own gate, which every request of the run passes: the run alone reads whether
        /// it has stopped sending, and stops it under -ErrorAction Stop.</param>
        /// <param name="workThrough">What is done to each id, sending through the gate it is given.</param>
        /// <param name="pipelineStop">Cancelled when the pipeline is stopped.</param>
        public TaskIdRun(IRunHost host, RunLimits limits, Func<RequestGate, ITaskIdWork<TOutcome>> workThrough, CancellationToken pipelineStop)
        {
            _host = host ?? throw new ArgumentNullException(nameof(host));
            if (limits == null) throw new ArgumentNullException(nameof(limits));
            if (workThrough == null) throw new ArgumentNullException(nameof(workThrough));
            _gate = limits.NewGate();
            _work = workThrough(_gate);
            _ordered = new OrderedRun<RunEntry<TOutcome>>(SendAsync, WindowFor(limits.Concurrency), pipelineStop);
            _progress = new RunProgress(host, _work.Wording, _statistics, _work.ReportsProgress);
        }

        // Outcomes leave in input order, so an id waiting out a backoff holds the head of the line;
        // a window well beyond the throttle limit keeps the other slots busy meanwhile. Still bounded
        // by the throttle limit, never by the length of the input.
        internal static int WindowFor(int throttleLimit) => Math.Max(32, throttleLimit * 16);

        public void Take(IReadOnlyList<string?> taskIds)
        {
            if (!_host.ExpectingInput) _progress.KnownTotal = taskIds.Count;
            _input = taskIds;
            for (_inputIndex = 0; _inputIndex < _input.Count; _inputIndex++) Take(_input[_inputIndex], _input.Count - _inputIndex - 1);
            _input = Array.Empty<string?>();
            // After a halt the rest of the input is still read, so that the closing error lists every id not attempted.
            if (_gate.Halted != null) WriteOutcomesInOrder(drainAll: false);
        }

        public void End()
        {
            _inputEnded = true;
            WriteOutcomesInOrder(drainAll: true);
            if (_gate.Halted is { } halt && _notAttempted.Count > 0) EndHaltedRun(halt);
            _progress.Close(_gate.Pacer);
        }

        public void Dispose() => _ordered.Dispose();

        // Started on the caller's thread by OrderedRun.Submit. Under -ErrorAction Stop an id that fails stops the
        // run as soon as its outcome is known, not when the ordered output reaches it: a failed call stops the gate
        // earlier still, and this covers failures no single call shows (a wait that ran out, a refusal confirmed by a look).
        private async Task<RunEntry<TOutcome>> SendAsync(string taskId, CancellationToken cancellationToken)
        {
            var outcome = await _work.SendAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded && !outcome.NotAttempted) _gate.IdFailed();
            return RunEntry<TOutcome>.From(outcome);
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
                    _gate.IdFailed();
                    _ordered.SubmitDecided(RunEntry<TOutcome>.Invalid(taskId, problem!));
                    WriteOutcomesInOrder(drainAll: false);
                    return;
            }
            if (!_seen.Add(taskId))
            {
                _statistics.RecordSkipped();
                if (_host.VerboseEnabled) _host.WriteVerbose($"Skipping '{taskId}': it came earlier in this run and is {_work.Wording.DoneOnceAs} once.");
                return;
            }
            if (_gate.Halted != null)
            {
                // The run has stopped sending: the id is listed in the closing error instead, in input order.
                _ordered.SubmitDecided(RunEntry<TOutcome>.AfterHalt(taskId));
                WriteOutcomesInOrder(drainAll: false);
                return;
            }
            if (!ShouldSendOrEndRun(taskId, idsAfterInThisCall))
            {
                _statistics.RecordDeclined();
                return;
            }
            _ordered.Submit(taskId);
            WriteOutcomesInOrder(drainAll: false);
        }

        /// <summary>
        /// The host's say on the id, except that a prompt which cannot be shown (a non-interactive session) ends the
        /// run with an error that says how many ids were not attempted, after writing the ones already sent.
        /// </summary>
        private bool ShouldSendOrEndRun(string taskId, int idsAfterInThisCall)
        {
            try
            {
                return _host.ShouldSend(taskId);
            }
            catch (PSInvalidOperationException cannotPrompt)
            {
                WriteOutcomesInOrder(drainAll: true);
                _progress.Close(_gate.Pacer);
                _host.ThrowTerminatingError(ErrorRecordFactory.CannotConfirm(cannotPrompt, taskId, 1 + idsAfterInThisCall, _host.CommandName));
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
            _progress.Close(_gate.Pacer);
            _host.WriteError(ErrorRecordFactory.ForHaltedRun(halt, _work.Wording.Activity, _statistics.Succeeded, _statistics.Failed,
                _notAttempted.ToArray<object>(), _host.CommandName));
        }

        /// <summary>Writes every outcome that is ready, in order; blocks while the window is full, or until all are out when draining.</summary>
        private void WriteOutcomesInOrder(bool drainAll)
        {
            try
            {
                _ordered.Drain(drainAll, HeadWait, Write, _ending == null ? _progress.Update : (Action?)null);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// Writes one id's outcome. Once a failure under -ErrorAction Stop is ending the run (<see cref="_ending"/>),
        /// the ids still in flight come here too: their successes are written, their failures only counted and listed.
        /// </summary>
        private void Write(RunEntry<TOutcome> entry)
        {
            if (entry.NotAttempted)
            {
                _notAttempted.Add(entry.TaskId);
                _ending?.NotAttempted(entry.TaskId);
                return;
            }
            _statistics.Record(entry);
            if (!entry.Succeeded && _ending != null)
            {
                _ending.Failed(entry.TaskId);
                return;
            }
            _host.WriteAttempts(entry.TaskId, entry.Attempts);
            if (entry.Warning != null) _host.WriteWarning(entry.Warning);
            if (entry.Sent is { Succeeded: true } done)
            {
                _work.WriteSucceeded(done, _host);
                _ending?.Succeeded();
                return;
            }
            var error = entry.Sent is { } failed
                ? _work.ErrorFor(failed, _host.CommandName)
                : ErrorRecordFactory.InvalidTaskId(entry.TaskId, entry.InvalidReason!); // an entry not sent and not held back was refused, with a reason
            if (_host.ErrorActionIsStop) error = EndBeforeStopping(error);
            _host.WriteError(error);
        }

        /// <summary>
        /// Under -ErrorAction Stop this error ends the run. The run stopped sending when the first failure
        /// arrived (see <see cref="SendAsync"/>); ids sent before that may have taken effect, so those
        /// still in flight are waited for and written first. The error then says what happened to the rest
        /// and holds every id read and not done as its target, in input order.
        /// </summary>
        private ErrorRecord EndBeforeStopping(ErrorRecord error)
        {
            _gate.StopSending(new RunHaltedException("-ErrorAction Stop ended the run"));
            var ending = _ending = new RunEnding(_notAttempted, error.TargetObject);
            WriteOutcomesInOrder(drainAll: true);
            var unread = UnreadInputOfThisCall();
            ending.NotRead(unread);
            _progress.Close(_gate.Pacer);
            return ErrorRecordFactory.EndingTheRun(error, ending.Written, ending.FailedIds, _notAttempted.Count + unread.Count, ending.NotDone,
                moreInputMayFollow: _host.ExpectingInput && !_inputEnded);
        }

        /// <summary>The ids given in this input after the one being taken: known, but not yet read into the run.</summary>
        private List<string> UnreadInputOfThisCall()
        {
            var unread = new List<string>();
            for (var index = _inputIndex + 1; index < _input.Count; index++)
                if (TaskIdInput.Check(_input[index], out var taskId, out _) != TaskIdVerdict.Blank && _seen.Add(taskId)) unread.Add(taskId);
            return unread;
        }
    }
}
