using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Cmdlets;
using Qianfan.Protocol;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Tasks
{
    /// <summary>-IgnoreAlreadyDone and Stop -Wait, against a scripted service.</summary>
    public class BatchTaskExecutorTests
    {
        private static (HttpStatusCode, string) Task(string taskId, string status) =>
            ScriptedConsole.Result(JsonSerializer.Serialize(new { taskId, runStatus = status }));

        private static (HttpStatusCode, string) InvalidTaskStatus() =>
            ScriptedConsole.Error(HttpStatusCode.BadRequest, ServiceProtocol.ErrorCodes.InvalidTaskStatus, "task is not running");

        private static (HttpStatusCode, string) NotFound() =>
            ScriptedConsole.Error(HttpStatusCode.NotFound, ServiceProtocol.ErrorCodes.ResourceNotFound, "no such task");

        /// <summary>A waiter on <paramref name="client"/> whose pauses take no time.</summary>
        private static BatchTaskWaiter InstantWaiter(ConsoleClient client, TimeSpan? timeout = null)
            => new BatchTaskWaiter((id, token) => BatchTaskReader.DescribeAsync(client, id, token), new TaskWaitGoal(), timeout, new FakeClock());

        [Fact]
        public async Task WithIgnoreAlreadyDoneDeletingAMissingTaskIsAlreadyDoneWithoutAnotherRequest()
        {
            var console = new ScriptedConsole(_ => NotFound());
            var outcome = await new BatchTaskExecutor(console.Client(), ignoreAlreadyDone: true)
                .ExecuteAsync("infer-gone", BatchTaskAction.Delete, CancellationToken.None);

            Assert.True(outcome.Succeeded);
            Assert.Equal(BatchTaskActionStatus.AlreadyDone, outcome.Status);
            Assert.Equal(BatchTaskExecutor.NotFoundDetail, outcome.Detail);
            Assert.Equal("req-error", outcome.RequestId);
            Assert.Single(console.Requests);
        }

        [Fact]
        public async Task WithoutTheSwitchAMissingTaskStaysAFailure()
        {
            var console = new ScriptedConsole(_ => NotFound());
            var outcome = await new BatchTaskExecutor(console.Client()).ExecuteAsync("infer-gone", BatchTaskAction.Delete, CancellationToken.None);
            Assert.False(outcome.Succeeded);
        }

        [Fact]
        public async Task ARefusedStopIsAlreadyDoneOnlyOnceADescribeShowsTheTaskHasEnded()
        {
            var console = new ScriptedConsole(request => request.Action == ServiceProtocol.Actions.StopBatchInferenceTask ? InvalidTaskStatus() : Task("infer-1", "Done"));
            var outcome = await new BatchTaskExecutor(console.Client(), ignoreAlreadyDone: true)
                .ExecuteAsync("infer-1", BatchTaskAction.Stop, CancellationToken.None);

            Assert.True(outcome.Succeeded);
            Assert.Equal(BatchTaskActionStatus.AlreadyDone, outcome.Status);
            Assert.Equal("Done", outcome.RunStatus);
            Assert.Contains("Done, not running", outcome.Detail);
            Assert.Equal(new[] { ServiceProtocol.Actions.StopBatchInferenceTask, ServiceProtocol.Actions.DescribeBatchInferenceTask }, console.Requests.Select(r => r.Action));
            Assert.Equal(0, outcome.Retries);
            Assert.Equal(1, BatchTaskActionResult.From(outcome).Attempts);
        }

        [Fact]
        public async Task ARefusedStopOfATaskStillRunningStaysAnInvalidTaskStatusFailure()
        {
            var console = new ScriptedConsole(request => request.Action == ServiceProtocol.Actions.StopBatchInferenceTask ? InvalidTaskStatus() : Task("infer-1", "Running"));
            var outcome = await new BatchTaskExecutor(console.Client(), ignoreAlreadyDone: true)
                .ExecuteAsync("infer-1", BatchTaskAction.Stop, CancellationToken.None);

            Assert.False(outcome.Succeeded);
            Assert.Equal(ServiceProtocol.ErrorCodes.InvalidTaskStatus, Assert.IsType<QianfanServiceException>(outcome.Failure).ErrorCode);
            Assert.Equal(2, outcome.Attempts.Count);
        }

        [Fact]
        public async Task ARefusedStopThatCannotBeConfirmedStaysAFailure()
        {
            var console = new ScriptedConsole(request => request.Action == ServiceProtocol.Actions.StopBatchInferenceTask
                ? InvalidTaskStatus()
                : ScriptedConsole.Error(HttpStatusCode.Forbidden, ServiceProtocol.ErrorCodes.AccessDenied, "may not describe"));
            var outcome = await new BatchTaskExecutor(console.Client(), ignoreAlreadyDone: true)
                .ExecuteAsync("infer-1", BatchTaskAction.Stop, CancellationToken.None);

            Assert.False(outcome.Succeeded);
            Assert.Equal(ServiceProtocol.ErrorCodes.InvalidTaskStatus, Assert.IsType<QianfanServiceException>(outcome.Failure).ErrorCode);
        }

        [Fact]
        public async Task StoppingAMissingTaskWithTheSwitchIsAlreadyDoneWithoutAWait()
        {
            var console = new ScriptedConsole(_ => NotFound());
            var client = console.Client();
            var outcome = await new BatchTaskExecutor(client, true, InstantWaiter(client)).ExecuteAsync("infer-gone", BatchTaskAction.Stop, CancellationToken.None);

            Assert.Equal(BatchTaskActionStatus.AlreadyDone, outcome.Status);
            Assert.Null(outcome.RunStatus);
            Assert.Single(console.Requests);
        }

        [Fact]
        public async Task StopThenWaitReportsTheStopOnceTheTaskHasEnded()
        {
            var looks = 0;
            var console = new ScriptedConsole(request => request.Action == ServiceProtocol.Actions.StopBatchInferenceTask
                ? ScriptedConsole.Result("true")
                : Task("infer-1", ++looks < 3 ? "Running" : "Stopped"));
            var client = console.Client();
            var outcome = await new BatchTaskExecutor(client, waiter: InstantWaiter(client)).ExecuteAsync("infer-1", BatchTaskAction.Stop, CancellationToken.None);

            Assert.True(outcome.Succeeded, outcome.Failure?.ToString());
            Assert.Equal(BatchTaskActionStatus.Done, outcome.Status);
            Assert.Equal("Stopped", outcome.RunStatus);
            Assert.Equal(4, console.Requests.Count);
            var stopRequestId = outcome.Attempts.First(a => a.Action == ServiceProtocol.Actions.StopBatchInferenceTask).RequestId;
            Assert.Equal(stopRequestId, outcome.RequestId);
            var result = BatchTaskActionResult.From(outcome);
            Assert.Equal(1, result.Attempts);
            Assert.Equal("Stop", result.Action);
            Assert.Equal("Stopped", result.RunStatus);
        }

        [Fact]
        public async Task AStopWhoseTaskKeepsRunningPastTheTimeoutIsAWaitTimeoutThatKeepsTheStopsRequestId()
        {
            var console = new ScriptedConsole(request => request.Action == ServiceProtocol.Actions.StopBatchInferenceTask
                ? ScriptedConsole.Result("true")
                : Task("infer-1", "Running"));
            var client = console.Client();
            var outcome = await new BatchTaskExecutor(client, waiter: InstantWaiter(client, TimeSpan.FromSeconds(2)))
                .ExecuteAsync("infer-1", BatchTaskAction.Stop, CancellationToken.None);

            Assert.False(outcome.Succeeded);
            Assert.True(outcome.FailedWhileWaiting);
            var failure = Assert.IsType<TaskWaitException>(outcome.Failure);
            Assert.Equal(TaskWaitException.TimeoutErrorId, failure.ErrorId);
            Assert.Equal("Running", failure.LastStatus);
            Assert.Contains("last seen Running", failure.Message);
            Assert.Contains("2 s", failure.Message);
            Assert.StartsWith("req-", outcome.RequestId);
            Assert.Equal(ServiceProtocol.Actions.StopBatchInferenceTask, outcome.Attempts[0].Action);
        }

        [Fact]
        public async Task WaitingAloneWritesTheTaskAsLastSeen()
        {
            var looks = 0;
            var console = new ScriptedConsole(_ => Task("infer-1", ++looks < 2 ? "Running" : "Expired"));
            var client = console.Client();
            var outcome = await new BatchTaskWaitWork(InstantWaiter(client)).SendAsync("infer-1", CancellationToken.None);

            Assert.True(outcome.Succeeded);
            Assert.Equal("Expired", outcome.Task?.RunStatus);
            Assert.Equal(2, outcome.Attempts.Count);
            Assert.All(outcome.Attempts, attempt => Assert.Equal(1, attempt.Attempt));
        }

        [Fact]
        public async Task AWaitInterruptedByTheRunIsNotAttemptedSoThatItCanBeRunAgain()
        {
            var gate = new RequestGate(2);
            var console = new ScriptedConsole(_ => Task("infer-1", "Running"));
            var client = TestClients.Scripted(console, gate: gate);
            var waiter = new BatchTaskWaiter((id, token) => BatchTaskReader.DescribeAsync(client, id, token), new TaskWaitGoal(), null,
                new FakeClock { DelaysLastUntilCancelled = true }, gate.HaltToken);
            var pending = new BatchTaskWaitWork(waiter).SendAsync("infer-1", CancellationToken.None);
            while (console.Requests.Count == 0) await System.Threading.Tasks.Task.Yield();

            gate.StopSending(new RunHaltedException("-ErrorAction Stop ended the run"));
            var outcome = await pending;

            Assert.True(outcome.NotAttempted);
            Assert.Single(console.Requests);
        }

        [Fact]
        public void TheResultRoundsElapsedToTheMillisecondAndCountsOnlyTheActionsAttempts()
        {
            var attempts = new[]
            {
                new AttemptRecord(ServiceProtocol.Actions.DeleteBatchInferenceTask, 1, null, null, TimeSpan.Zero, "connection reset", null),
                new AttemptRecord(ServiceProtocol.Actions.DeleteBatchInferenceTask, 2, 200, "req-2", TimeSpan.Zero, AttemptRecord.Succeeded, null),
            };
            var outcome = BatchTaskOutcome.Success("infer-1", BatchTaskAction.Delete, "req-2", attempts, TimeSpan.FromTicks(12_345_678));
            var result = BatchTaskActionResult.From(outcome);

            Assert.Equal(2, result.Attempts);
            Assert.Equal(TimeSpan.FromMilliseconds(1235), result.Elapsed);
            Assert.True(result.Result);
            Assert.Equal("infer-1", result.ToString());
            Assert.Equal(1, outcome.Retries);
        }
    }
}
