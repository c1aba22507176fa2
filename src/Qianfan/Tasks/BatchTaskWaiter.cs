using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Runs.Gate;

namespace Qianfan.Tasks
{
    /// <summary>
    /// Waits for one task to get where a <see cref="TaskWaitGoal"/> wants it, by describing it again
    /// and again (<see cref="PollSchedule"/>) until it does, it ends otherwise, or the deadline comes.
    /// Each look is one request through the run's gate, so a waiting task holds no request place
    /// while it pauses between looks. The task is always looked at once, even past the deadline, so
    /// a task already there is never reported late. One deadline serves every task of a run.
    /// </summary>
    internal sealed class BatchTaskWaiter
    {
        private readonly Func<string, CancellationToken, Task<BatchTaskAnswer>> _describe;
        private readonly IClock _clock;
        private readonly CancellationToken _stopWaiting;
        private readonly TimeSpan? _deadline;

        /// <param name="describe">Describes a task by id (one request); throws as <see cref="BatchTaskReader.DescribeAsync"/> does.</param>
        /// <param name="goal">What to wait for.</param>
        /// <param name="timeout">How long every wait of this waiter may last in all, from now; null for no limit.</param>
        /// <param name="stopWaiting">Set when the run stops sending: pauses end at once and the wait ends as Interrupted.</param>
        /// <param name="clock">What the deadline is measured with and the pauses between looks wait on (the machine's by default).</param>
        public BatchTaskWaiter(Func<string, CancellationToken, Task<BatchTaskAnswer>> describe, TaskWaitGoal goal, TimeSpan? timeout,
            IClock? clock = null, CancellationToken stopWaiting = default)
        {
            _describe = describe ?? throw new ArgumentNullException(nameof(describe));
            Goal = goal ?? throw new ArgumentNullException(nameof(goal));
            _clock = clock ?? SystemClock.Instance;
            _stopWaiting = stopWaiting;
            Timeout = timeout;
            if (timeout.HasValue) _deadline = _clock.Elapsed + timeout.Value;
        }

        /// <summary>A waiter that describes tasks with <paramref name="client"/>, on the client's clock.</summary>
        public static BatchTaskWaiter ForClient(ConsoleClient client, TaskWaitGoal goal, TimeSpan? timeout, CancellationToken stopWaiting = default) =>
            new BatchTaskWaiter((id, token) => BatchTaskReader.DescribeAsync(client, id, token), goal, timeout, client.Options.Time, stopWaiting);

        public TaskWaitGoal Goal { get; }
        public TimeSpan? Timeout { get; }

        /// <summary>Waits for one task; a failure is part of the outcome, never thrown (only cancellation is).</summary>
        public async Task<TaskWaitOutcome> WaitAsync(string taskId, CancellationToken cancellationToken)
        {
            var attempts = new List<AttemptRecord>();
            BatchTask? lastSeen = null;
            var looks = 0;
            TaskWaitOutcome Ended(TaskWaitEnd end, Exception? failure = null) => new TaskWaitOutcome(taskId, end, lastSeen, looks, attempts, failure);

            while (true)
            {
                try
                {
                    var answer = await _describe(taskId, cancellationToken).ConfigureAwait(false);
                    attempts.AddRange(answer.Answer.Attempts);
                    lastSeen = answer.Tasks[0];
                    looks++;
                }
                catch (RunHaltedException halted)
                {
                    return Ended(TaskWaitEnd.Interrupted, halted);
                }
                catch (QianfanServiceException failure)
                {
                    attempts.AddRange(failure.Attempts);
                    return Ended(TaskWaitEnd.Failed, failure);
                }
                catch (Exception unexpected) when (!(unexpected is OperationCanceledException))
                {
                    // Whatever went wrong belongs to this id alone.
                    return Ended(TaskWaitEnd.Failed, new QianfanServiceException(FailureKind.Local, ServiceProtocol.Actions.DescribeBatchInferenceTask, null, null, null, null,
                        "an unexpected " + unexpected.GetType().Name + " occurred: " + unexpected.Message, unexpected));
                }

                switch (Goal.Judge(lastSeen.RunStatus))
                {
                    case TaskWaitVerdict.Reached: return Ended(TaskWaitEnd.Reached);
                    case TaskWaitVerdict.EndedOtherwise: return Ended(TaskWaitEnd.EndedOtherwise);
                }
                if (_stopWaiting.IsCancellationRequested) return Ended(TaskWaitEnd.Interrupted);
                var pause = PollSchedule.PauseAfter(looks);
                if (_deadline.HasValue)
                {
                    var left = _deadline.Value - _clock.Elapsed;
                    if (left <= TimeSpan.Zero) return Ended(TaskWaitEnd.TimedOut);
                    if (left < pause) pause = left;
                }
                await PauseAsync(pause, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task PauseAsync(TimeSpan pause, CancellationToken cancellationToken)
        {
            using (var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopWaiting))
            {
                try
                {
                    await _clock.Delay(pause, either.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Woken because the run stopped sending: the next look says so.
                }
            }
        }
    }
}
