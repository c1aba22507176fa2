using System;
using System.Net;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Qianfan.Emulator.Tasks;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    /// <summary>The stop delay: a stop is accepted while the task keeps running for a set time, as an asynchronous stop does.</summary>
    public class EmulatorStopDelayTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

        [Fact]
        public void ADelayedStopKeepsTheTaskRunningAndUndeletableUntilItsTime()
        {
            var now = Start;
            var store = new TaskStore(() => now);
            store.Put(new[] { TaskRecord.Seeded("infer-a", RunStatus.Running, now) });

            Assert.Equal(TaskChange.Done, store.Stop("infer-a", now, out _, TimeSpan.FromSeconds(5)));
            Assert.Equal(RunStatus.Running, store.Find("infer-a")?.RunStatus);
            Assert.Equal(TaskChange.WrongStatus, store.Delete("infer-a", out _));

            now = Start.AddSeconds(3);
            // Stopping again meanwhile is accepted and does not put the time off.
            Assert.Equal(TaskChange.Done, store.Stop("infer-a", now, out _, TimeSpan.FromSeconds(5)));
            Assert.Equal(RunStatus.Running, store.List(null, 10, false, new[] { RunStatus.Running }).Tasks[0].RunStatus);

            now = Start.AddSeconds(5);
            var stopped = store.Find("infer-a");
            Assert.NotNull(stopped);
            Assert.Equal(RunStatus.Stopped, stopped.RunStatus);
            Assert.Equal(Start.AddSeconds(5), stopped.FinishTime);
            Assert.Equal(TaskChange.WrongStatus, store.Stop("infer-a", now, out _, TimeSpan.FromSeconds(5)));
            Assert.Equal(TaskChange.Done, store.Delete("infer-a", out _));
        }

        [Fact]
        public void WithoutADelayAStopTakesEffectAtOnce()
        {
            var store = new TaskStore(() => Start);
            store.Put(new[] { TaskRecord.Seeded("infer-b", RunStatus.Running, Start) });
            Assert.Equal(TaskChange.Done, store.Stop("infer-b", Start, out _));
            Assert.Equal(RunStatus.Stopped, store.Find("infer-b")?.RunStatus);
        }

        [Fact]
        public void AListedTaskWhoseDelayedStopIsDueShowsAsStopped()
        {
            var now = Start;
            var store = new TaskStore(() => now);
            store.Put(new[] { TaskRecord.Seeded("infer-c", RunStatus.Running, now) });
            store.Stop("infer-c", now, out _, TimeSpan.FromMilliseconds(1));
            now = Start.AddSeconds(1);
            Assert.Empty(store.List(null, 10, false, new[] { RunStatus.Running }).Tasks);
            Assert.Equal(RunStatus.Stopped, Assert.Single(store.Snapshot()).RunStatus);
        }

        [Fact]
        public void TheCommandLineOptionSetsTheDelayAndANegativeDelayIsRefused()
        {
            Assert.Equal(1500, CommandLine.Parse(new[] { "--stop-delay-ms", "1500" })?.StopDelayMs);
            Assert.Throws<ArgumentException>(() => new EmulatorOptions { StopDelayMs = -1 }.Settings().Validate());
        }

        [Fact]
        public async Task OverHttpAStopUnderTheDelayIsAcceptedWhileDescribeSaysRunningAndDeleteIsRefused()
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Tasks = 1 });
            using var client = new SignedEmulatorClient(server);
            var config = await client.AdminAsync("POST", "config", new { stopDelayMs = 600000 });
            Assert.Equal(600000, config.GetProperty("stopDelayMs").GetInt32());
            var task = new { taskId = "infer-000001" };

            var stop = await client.CallAsync("StopBatchInferenceTask", task);
            Assert.True(stop.Result.GetBoolean());
            var described = await client.CallAsync("DescribeBatchInferenceTask", task);
            Assert.Equal("Running", described.Result.GetProperty("runStatus").GetString());
            var delete = await client.CallAsync("DeleteBatchInferenceTask", task);
            Assert.Equal(HttpStatusCode.BadRequest, delete.Status);
            Assert.Equal("InvalidTaskStatus", delete.Code);
        }
    }
}
