using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Tasks
{
    /// <summary>
    /// The polling of a wait, on a fake clock: a pause advances the clock by its length and returns
    /// at once, so no test sleeps.
    /// </summary>
    public class BatchTaskWaiterTests
    {
        /// <summary>A task whose looks answer the given statuses in turn (the last one for good), and the clock the pauses move.</summary>
        private sealed class FakeTask
        {
            private readonly Queue<string> _statuses;
            private string? _last;

            public FakeTask(params string[] statuses) => _statuses = new Queue<string>(statuses);

            public FakeClock Clock { get; } = new FakeClock();
            public TimeSpan Now => Clock.Elapsed;
            public IReadOnlyList<TimeSpan> Pauses => Clock.Delays;
            public int Looks { get; private set; }

            /// <summary>Runs before each pause, e.g. to stop the run meanwhile.</summary>
            public Action? BeforePause
            {
                get => Clock.OnDelay;
                set => Clock.OnDelay = value;
            }

            public Task<BatchTaskAnswer> Describe(string taskId, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Looks++;
                if (_statuses.Count > 0) _last = _statuses.Dequeue();
                return Task.FromResult(Answer(taskId, _last));
            }

            public BatchTaskWaiter Waiter(TaskWaitGoal? goal = null, TimeSpan? timeout = null,
                Func<string, CancellationToken, Task<BatchTaskAnswer>>? describe = null, CancellationToken stopWaiting = default) =>
                new BatchTaskWaiter(describe ?? Describe, goal ?? new TaskWaitGoal(), timeout, Clock, stopWaiting);
        }

        private static BatchTaskAnswer Answer(string taskId, string? status)
        {
            var task = JsonDocument.Parse(JsonSerializer.Serialize(new { taskId, runStatus = status })).RootElement;
            var attempt = new AttemptRecord(ServiceProtocol.Actions.DescribeBatchInferenceTask, 1, 200, "req-" + Guid.NewGuid().ToString("N"), TimeSpan.Zero, AttemptRecord.Succeeded, null);
            return new BatchTaskAnswer(new[] { BatchTask.FromJson(task) }, new ConsoleResult(task, attempt.RequestId, 200, new[] { attempt }, TimeSpan.Zero, false));
        }

        [Fact]
        public void PausesStartAtOneSecondAndDoubleUpToFive()
        {
            var pauses = Enumerable.Range(1, 7).Select(PollSchedule.PauseAfter).Select(p => p.TotalSeconds);
            Assert.Equal(new[] { 1.0, 2, 4, 5, 5, 5, 5 }, pauses);
            Assert.Equal(PollSchedule.Longest, PollSchedule.PauseAfter(int.MaxValue));
        }

        [Fact]
        public async Task LooksUntilTheTaskHasEndedWithPausesFromTheSchedule()
        {
            var task = new FakeTask("Running", "Running", "Running", "Stopped");
            var outcome = await task.Waiter().WaitAsync("infer-1", CancellationToken.None);

            Assert.Equal(TaskWaitEnd.Reached, outcome.End);
            Assert.Equal("Stopped", outcome.LastSeen?.RunStatus);
            Assert.Equal(4, outcome.Looks);
            Assert.Equal(4, outcome.Attempts.Count);
            Assert.Equal(new[] { 1.0, 2, 4 }, task.Pauses.Select(p => p.TotalSeconds));
        }

        [Fact]
        public async Task ATaskThatHasAlreadyEndedIsLookedAtOnceWithoutAPauseEvenPastTheDeadline()
        {
            var task = new FakeTask("Done");
            var outcome = await task.Waiter(timeout: TimeSpan.Zero).WaitAsync("infer-1", CancellationToken.None);
            Assert.Equal(TaskWaitEnd.Reached, outcome.End);
            Assert.Equal(1, task.Looks);
            Assert.Empty(task.Pauses);
        }

        [Fact]
        public async Task TimesOutAtTheDeadlineAfterALastLookThere()
        {
            var task = new FakeTask("Running");
            var outcome = await task.Waiter(timeout: TimeSpan.FromSeconds(10)).WaitAsync("infer-1", CancellationToken.None);

            Assert.Equal(TaskWaitEnd.TimedOut, outcome.End);
            Assert.Equal("Running", outcome.LastSeen?.RunStatus);
            // 1 + 2 + 4 = 7 s, then the last pause is cut to the 3 s left, and the task is looked at at the deadline.
            Assert.Equal(new[] { 1.0, 2, 4, 3 }, task.Pauses.Select(p => p.TotalSeconds));
            Assert.Equal(5, outcome.Looks);
            Assert.Equal(TimeSpan.FromSeconds(10), task.Now);
        }

        [Fact]
        public async Task TimeoutZeroLooksOnceAndTimesOutATaskStillRunning()
        {
            var task = new FakeTask("Running");
            var outcome = await task.Waiter(timeout: TimeSpan.Zero).WaitAsync("infer-1", CancellationToken.None);
            Assert.Equal(TaskWaitEnd.TimedOut, outcome.End);
            Assert.Equal(1, task.Looks);
            Assert.Empty(task.Pauses);
        }

        [Fact]
        public async Task OneDeadlineServesEveryTaskOfTheWaiter()
        {
            var task = new FakeTask("Running");
            var waiter = task.Waiter(timeout: TimeSpan.FromSeconds(3));
            var first = await waiter.WaitAsync("infer-1", CancellationToken.None);
            var second = await waiter.WaitAsync("infer-2", CancellationToken.None);

            Assert.Equal(TaskWaitEnd.TimedOut, first.End);
            Assert.Equal(TaskWaitEnd.TimedOut, second.End);
            Assert.Equal(1, second.Looks);
            Assert.Equal(TimeSpan.FromSeconds(3), task.Now);
        }

        [Fact]
        public async Task AStatusTheModuleDoesNotKnowIsWaitedOutLikeRunning()
        {
            var task = new FakeTask("Stopping", "Stopped");
            var outcome = await task.Waiter().WaitAsync("infer-1", CancellationToken.None);
            Assert.Equal(TaskWaitEnd.Reached, outcome.End);
            Assert.Equal(2, outcome.Looks);
        }

        [Fact]
        public async Task ATaskThatEndsOutsideTheWantedStatusesEndsTheWaitAtOnce()
        {
            var task = new FakeTask("Running", "Failed");
            var outcome = await task.Waiter(new TaskWaitGoal(new[] { "done" }), TimeSpan.FromHours(1)).WaitAsync("infer-1", CancellationToken.None);
            Assert.Equal(TaskWaitEnd.EndedOtherwise, outcome.End);
            Assert.Equal("Failed", outcome.LastSeen?.RunStatus);
            Assert.Single(task.Pauses);

            var late = TaskWaitException.For(new TaskWaitOutcome("infer-1", TaskWaitEnd.TimedOut, outcome.LastSeen, 1, null),
                new TaskWaitGoal(new[] { "Done" }), TimeSpan.FromSeconds(30));
            Assert.Contains("had not ended as Done when the wait ran out after 30 s", late.Message);

            var failure = TaskWaitException.For(outcome, new TaskWaitGoal(new[] { "Done" }), null);
            Assert.Equal(TaskWaitException.EndedOtherwiseErrorId, failure.ErrorId);
            Assert.Contains("ended as Failed, not as Done", failure.Message);
        }

        [Fact]
        public async Task AFailedLookEndsTheWaitWithItsFailureAndAttempts()
        {
            var task = new FakeTask("Running");
            var gone = new QianfanServiceException(FailureKind.Service, ServiceProtocol.Actions.DescribeBatchInferenceTask, 404, ServiceProtocol.ErrorCodes.ResourceNotFound,
                "no such task", "req-gone")
            {
                Attempts = new[] { new AttemptRecord(ServiceProtocol.Actions.DescribeBatchInferenceTask, 1, 404, "req-gone", TimeSpan.Zero, "ResourceNotFound", null) },
            };
            var looks = 0;
            var outcome = await task.Waiter(describe: (id, token) => ++looks == 1 ? task.Describe(id, token) : throw gone)
                .WaitAsync("infer-1", CancellationToken.None);

            Assert.Equal(TaskWaitEnd.Failed, outcome.End);
            Assert.Same(gone, outcome.Failure);
            Assert.Equal(2, outcome.Attempts.Count);
            Assert.Equal("Running", outcome.LastSeen?.RunStatus);
        }

        [Fact]
        public async Task WhenTheRunStopsSendingThePauseEndsAndTheWaitIsInterruptedWithTheReason()
        {
            var task = new FakeTask("Running");
            var halt = new RunHaltedException("-ErrorAction Stop ended the run");
            using (var stop = new CancellationTokenSource())
            {
                task.BeforePause = () => stop.Cancel();
                // As the gate does once the run has stopped: the next request is refused.
                var outcome = await task.Waiter(stopWaiting: stop.Token, describe: (id, token) => stop.IsCancellationRequested ? throw halt : task.Describe(id, token))
                    .WaitAsync("infer-1", CancellationToken.None);

                Assert.Equal(TaskWaitEnd.Interrupted, outcome.End);
                Assert.Same(halt, outcome.Failure);
                Assert.Empty(task.Pauses);
                Assert.Equal(TaskWaitException.InterruptedErrorId, TaskWaitException.For(outcome, new TaskWaitGoal(), null).ErrorId);
            }
        }

        [Fact]
        public async Task AWaitThatSeesTheRunStoppedAfterALookEndsWithoutAnotherPause()
        {
            var task = new FakeTask("Running");
            using (var stop = new CancellationTokenSource())
            {
                stop.Cancel();
                var outcome = await task.Waiter(stopWaiting: stop.Token).WaitAsync("infer-1", CancellationToken.None);
                Assert.Equal(TaskWaitEnd.Interrupted, outcome.End);
                Assert.Equal(1, task.Looks);
                Assert.Empty(task.Pauses);
            }
        }

        [Fact]
        public async Task CancellationEndsTheWaitByThrowing()
        {
            var task = new FakeTask("Running");
            using (var cancel = new CancellationTokenSource())
            {
                task.BeforePause = () => cancel.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.Waiter().WaitAsync("infer-1", cancel.Token));
            }
        }

        [Fact]
        public async Task AWaitingTaskHoldsNoRequestPlaceBetweenLooks()
        {
            var gate = new RequestGate(1);
            var running = 0;
            var console = new ScriptedConsole(request =>
                ScriptedConsole.Result(JsonSerializer.Serialize(new { taskId = request.Body.GetProperty("taskId").GetString(),
                    runStatus = Interlocked.Increment(ref running) <= 1 ? "Running" : "Stopped" })));
            var client = TestClients.Scripted(console, gate: gate);
            var placesHeldDuringPauses = new List<int>();
            var clock = new FakeClock { OnDelay = () => placesHeldDuringPauses.Add(gate.InFlight) };
            var waiter = new BatchTaskWaiter((id, token) => BatchTaskReader.DescribeAsync(client, id, token), new TaskWaitGoal(), null, clock);

            var outcome = await waiter.WaitAsync("infer-1", CancellationToken.None);

            Assert.Equal(TaskWaitEnd.Reached, outcome.End);
            Assert.Equal(new[] { 0 }, placesHeldDuringPauses);
            Assert.Equal(2, console.Requests.Count(r => r.Action == ServiceProtocol.Actions.DescribeBatchInferenceTask));
        }

        [Fact]
        public void AGoalAcceptsOnlyEndedStatusesInAnyCase()
        {
            Assert.Throws<ArgumentException>(() => new TaskWaitGoal(new[] { "Running" }));
            Assert.Throws<ArgumentException>(() => new TaskWaitGoal(new[] { "Finished" }));
            var goal = new TaskWaitGoal(new[] { "done", "STOPPED", "Done" });
            Assert.Equal(new[] { "Done", "Stopped" }, goal.Statuses);
            Assert.Equal(TaskWaitVerdict.Reached, goal.Judge("stopped"));
            Assert.Equal(TaskWaitVerdict.EndedOtherwise, goal.Judge("Expired"));
            Assert.Equal(TaskWaitVerdict.StillGoing, goal.Judge("Running"));
            Assert.Equal(TaskWaitVerdict.StillGoing, goal.Judge(null));
            Assert.Equal("Done or Stopped", goal.StatusList);
            Assert.Equal("ended as Done or Stopped", goal.Describe());
            Assert.Equal("ended (Done, Stopped, Failed or Expired)", new TaskWaitGoal().Describe());
        }

    }
}
