using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Qianfan.Client;
using Qianfan.Records;
using Qianfan.Runs;
using Qianfan.Runs.Gate;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Runs
{
    /// <summary>
    /// A run over task ids against a fake host and fake work, without PowerShell: order and repeats, a run whose
    /// gate stops sending, the -ErrorAction Stop drain, and a confirmation that cannot be asked. Every id given
    /// comes out exactly once: as a result, or as an error whose target is (or lists) that id.
    /// </summary>
    public class TaskIdRunTests
    {
        private readonly FakeRunHost _host = new FakeRunHost();

        private static TaskIdRun<FakeOutcome> Run(FakeRunHost host, FakeTaskIdWork work) =>
            new TaskIdRun<FakeOutcome>(host, new RunLimits(4, null, TimeSpan.FromMinutes(5), stopsAtFirstFailure: host.ErrorActionIsStop),
                work.Through, CancellationToken.None);

        [Fact]
        public void OutcomesLeaveInInputOrderWhateverOrderTheyArriveInAndARepeatIsSentOnce()
        {
            _host.ExpectingInput = true;
            var work = new FakeTaskIdWork { Answer = _ => null };
            using var run = Run(_host, work);

            run.Take(new[] { "infer-c" });
            run.Take(new[] { "infer-a", "  ", "infer-b" });
            run.Take(new[] { "infer-a", "infer c", "infer-c" });
            work.Later("infer-b").SetResult(FakeOutcome.Done("infer-b"));
            work.Later("infer-a").SetResult(FakeOutcome.Failed("infer-a"));
            Assert.Empty(_host.Objects); // the head of the line, infer-c, is not done yet
            work.Later("infer-c").SetResult(FakeOutcome.Done("infer-c"));
            run.End();

            Assert.Equal(new[] { "infer-c", "infer-a", "infer-b" }, work.Sent);
            Assert.Equal(new object[] { "infer-c", "infer-b" }, _host.Objects);
            Assert.Equal(new object[] { "infer-a", "infer c" }, _host.Errors.Select(error => error.TargetObject));
            Assert.Equal(ErrorRecordFactory.InvalidTaskIdError, _host.Errors[1].FullyQualifiedErrorId);
            Assert.Contains(_host.Verbose, line => line.StartsWith("Skipping 'infer-a': it came earlier", StringComparison.Ordinal));
            Assert.Contains(_host.Verbose, line => line.StartsWith("Skipping 'infer-c': it came earlier", StringComparison.Ordinal));
            Assert.Contains(_host.Verbose, line => line.StartsWith("Stop batch inference task: 2 succeeded, 2 failed, 0 retried, 3 skipped", StringComparison.Ordinal));
        }

        [Fact]
        public void AHaltedRunWritesWhatWasSentThenOneErrorListingEveryIdNotAttemptedInOrder()
        {
            _host.ExpectingInput = true;
            var work = new FakeTaskIdWork();
            work.Answer = taskId =>
            {
                switch (taskId)
                {
                    case "infer-x": return null;
                    case "infer-b":
                        work.Gate.StopSending(new RunHaltedException("ServiceUnavailable", 3, null));
                        return FakeOutcome.Failed(taskId);
                    default: return FakeOutcome.Done(taskId);
                }
            };
            using var run = Run(_host, work);

            run.Take(new[] { "infer-a" });
            run.Take(new[] { "infer-x" });
            run.Take(new[] { "infer-b" });
            run.Take(new[] { "infer-c", "infer-a", "infer-d" });
            // In flight when the gate stopped: its first attempt never got a place.
            work.Later("infer-x").SetResult(FakeOutcome.Unsent("infer-x"));
            run.End();

            Assert.Equal(new[] { "infer-a", "infer-x", "infer-b" }, work.Sent);
            Assert.Equal(new object[] { "infer-a" }, _host.Objects);
            Assert.Equal(2, _host.Errors.Count);
            Assert.Equal("infer-b", _host.Errors[0].TargetObject);
            var halted = _host.Errors[1];
            Assert.Equal(ErrorRecordFactory.RunStoppedError, halted.FullyQualifiedErrorId);
            Assert.Equal(new object[] { "infer-x", "infer-c", "infer-d" }, (object[])halted.TargetObject);
            Assert.Contains("1 done, 1 failed, 3 not attempted", halted.ErrorDetails.Message);
            Assert.Single(_host.Verbose, line => line.StartsWith("Stop batch inference task: 1 succeeded, 1 failed", StringComparison.Ordinal));
            AssertEachIdOnce(new[] { "infer-a", "infer-x", "infer-b", "infer-c", "infer-d" });
        }

        [Fact]
        public void UnderErrorActionStopTheIdsInFlightAreWrittenFirstAndTheErrorListsEveryIdNotDone()
        {
            _host.ErrorActionIsStop = true;
            var work = new FakeTaskIdWork
            {
                Answer = taskId => taskId == "infer-a" || taskId == "infer-late" ? null : taskId == "infer-b" ? FakeOutcome.Failed(taskId) : FakeOutcome.Done(taskId),
            };
            using var run = Run(_host, work);

            run.Take(new[] { "infer-a", "infer-late", "infer-b", "infer-c", "infer-d" });
            Assert.NotNull(work.Gate.Halted); // stopped when infer-b failed, before the ordered output reached it
            work.Later("infer-a").SetResult(FakeOutcome.Done("infer-a"));
            work.Later("infer-late").SetResult(FakeOutcome.Failed("infer-late"));
            var stopped = Assert.Throws<StoppedByErrorException>(run.End);

            Assert.Equal(new[] { "infer-a", "infer-late", "infer-b" }, work.Sent);
            Assert.Equal(new object[] { "infer-a" }, _host.Objects);
            var error = Assert.Single(_host.Errors);
            Assert.Same(error, stopped.Error);
            // The first failure in input order ends the run; the ids after it follow, whatever they came to.
            Assert.Equal(new object[] { "infer-late", "infer-b", "infer-c", "infer-d" }, (object[])error.TargetObject);
            Assert.Contains("0 later id(s) already sent were done", error.ErrorDetails.Message);
            Assert.Contains("1 later id(s) failed as well ('infer-b')", error.ErrorDetails.Message);
            Assert.Contains("2 id(s) received were not sent", error.ErrorDetails.Message);
            AssertEachIdOnce(new[] { "infer-a", "infer-late", "infer-b", "infer-c", "infer-d" });
        }

        [Fact]
        public void UnderErrorActionStopTheIdsOfTheSameInputNotYetReadAreListedAndNeverSent()
        {
            _host.ErrorActionIsStop = true;
            var work = new FakeTaskIdWork { Answer = taskId => taskId == "infer-b" ? FakeOutcome.Failed(taskId) : FakeOutcome.Done(taskId) };
            using var run = Run(_host, work);

            var stopped = Assert.Throws<StoppedByErrorException>(() => run.Take(new[] { "infer-a", "infer-b", "infer-c", "", "infer-c", "infer-d" }));

            Assert.Equal(new[] { "infer-a", "infer-b" }, work.Sent);
            Assert.Equal(new object[] { "infer-a" }, _host.Objects);
            Assert.Equal(new object[] { "infer-b", "infer-c", "infer-d" }, (object[])stopped.Error.TargetObject);
            Assert.Contains("2 id(s) received were not sent.", stopped.Error.ErrorDetails.Message);
            Assert.DoesNotContain("Ids still to come from the pipeline", stopped.Error.ErrorDetails.Message);
        }

        [Fact]
        public void AConfirmationThatCannotBeAskedSendsNothingMoreAndSaysWhatWasLeft()
        {
            var work = new FakeTaskIdWork { Answer = _ => null };
            _host.Confirm = taskId => taskId == "infer-a" ? true : throw new PSInvalidOperationException("the host cannot prompt");
            using var run = Run(_host, work);
            // The id sent before the prompt failed finishes only later: it is still written before the error.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                Thread.Sleep(50);
                work.Later("infer-a").SetResult(FakeOutcome.Done("infer-a"));
            });

            var stopped = Assert.Throws<StoppedByErrorException>(() => run.Take(new[] { "infer-a", "infer-b", "infer-c", "infer-d" }));

            Assert.Equal(new[] { "infer-a" }, work.Sent);
            Assert.Equal(new[] { "infer-a", "infer-b" }, _host.Asked);
            Assert.Equal(new object[] { "infer-a" }, _host.Objects);
            Assert.Equal(ErrorRecordFactory.CannotConfirmError, stopped.Error.FullyQualifiedErrorId);
            Assert.Equal("infer-b", stopped.Error.TargetObject);
            Assert.Contains("that id and 2 more given with it were not attempted", stopped.Error.ErrorDetails.Message);
            Assert.Contains("Stop-QianfanBatchTask -Force", stopped.Error.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void AnIdNotConfirmedIsNeitherSentNorAnError()
        {
            var work = new FakeTaskIdWork();
            _host.Confirm = taskId => taskId != "infer-b";
            using var run = Run(_host, work);

            run.Take(new[] { "infer-a", "infer-b", "infer-c" });
            run.End();

            Assert.Equal(new[] { "infer-a", "infer-c" }, work.Sent);
            Assert.Equal(new object[] { "infer-a", "infer-c" }, _host.Objects);
            Assert.Empty(_host.Errors);
            Assert.Contains(_host.Verbose, line => line.Contains("1 not confirmed", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData(1, 32)]
        [InlineData(8, 128)]
        [InlineData(64, 1024)]
        public void TheWindowOfOutcomesFollowsTheThrottleLimitNotTheInput(int throttleLimit, int window)
        {
            Assert.Equal(window, TaskIdRun<FakeOutcome>.WindowFor(throttleLimit));
        }

        [Fact]
        public void AnIdRefusedLocallyIsAFailureWhileOneHeldBackByAHaltIsNotAttempted()
        {
            var refused = RunEntry<FakeOutcome>.Invalid("infer a", "it contains white space");
            var heldBack = RunEntry<FakeOutcome>.AfterHalt("infer-b");
            var unsent = RunEntry<FakeOutcome>.From(FakeOutcome.Unsent("infer-c"));

            Assert.False(refused.Succeeded);
            Assert.False(refused.NotAttempted);
            Assert.Equal("it contains white space", refused.InvalidReason);
            Assert.True(heldBack.NotAttempted);
            Assert.Null(heldBack.InvalidReason);
            Assert.True(unsent.NotAttempted);
        }

        /// <summary>Each id is written once: as a result, or in the target of exactly one error.</summary>
        private void AssertEachIdOnce(IEnumerable<string> ids)
        {
            var seen = _host.Objects.Cast<string>()
                .Concat(_host.Errors.SelectMany(error => error.TargetObject is object[] many ? many.Cast<string>() : new[] { (string)error.TargetObject }))
                .ToList();
            Assert.Equal(ids.OrderBy(id => id, StringComparer.Ordinal), seen.OrderBy(id => id, StringComparer.Ordinal));
        }
    }
}
