using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Runs;
using Qianfan.Tasks;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests
{
    /// <summary>
    /// Every reading of time goes through <see cref="IClock"/>: durations, deadlines, pauses and the
    /// dates compared with the service's come from the clock the module is given, never the machine's.
    /// </summary>
    public class ClockSeamTests
    {
        private static readonly TimeSpan Answering = TimeSpan.FromMilliseconds(250);

        /// <summary>A client on <paramref name="clock"/> whose service takes <see cref="Answering"/> of that clock to answer.</summary>
        private static (ConsoleClient Client, ScriptedConsole Console) SlowClient(FakeClock clock, Func<RecordedRequest, (HttpStatusCode, string)> answer)
        {
            var console = new ScriptedConsole(request =>
            {
                clock.Advance(Answering);
                return ScriptedConsole.Json(answer(request));
            });
            return (TestClients.Scripted(console, time: clock), console);
        }

        [Fact]
        public void ARetryAfterDateWithoutADateHeaderIsCountedFromTheClock()
        {
            var clock = new FakeClock();
            using (var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests))
            {
                response.Headers.RetryAfter = new RetryConditionHeaderValue(clock.UtcNow.AddSeconds(7));
                var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { requestId = "req-1", code = "QPSLimitReached", message = "slow down" }));

                var failure = Assert.Throws<QianfanServiceException>(() => ResponseInterpreter.Interpret("Action", response, body, clock, out _));

                Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
            }
        }

        [Fact]
        public async Task AttemptsAndCallsAreTimedOnTheClientsClock()
        {
            var clock = new FakeClock();
            var (client, _) = SlowClient(clock, _ => ScriptedConsole.Result("true"));

            var answer = await client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1"));

            Assert.Equal(Answering, answer.Elapsed);
            Assert.Equal(Answering, Assert.Single(answer.Attempts).Elapsed);
        }

        [Fact]
        public async Task AnIdsOutcomeIsTimedOnTheClientsClockAndAWaitForItPausesOnIt()
        {
            var clock = new FakeClock();
            var looks = 0;
            var (client, _) = SlowClient(clock, request => request.Action == ServiceProtocol.Actions.StopBatchInferenceTask
                ? ScriptedConsole.Result("true")
                : ScriptedConsole.Result(JsonSerializer.Serialize(new { taskId = "infer-1", runStatus = ++looks < 3 ? "Stopping" : "Stopped" })));
            var executor = new BatchTaskExecutor(client, waiter: BatchTaskWaiter.ForClient(client, new TaskWaitGoal(), TimeSpan.FromMinutes(1)));

            var outcome = await executor.ExecuteAsync("infer-1", BatchTaskAction.Stop, CancellationToken.None);

            Assert.True(outcome.Succeeded);
            Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }, clock.Delays);
            // One stop and three looks answered, two pauses between the looks.
            Assert.Equal(Answering * 4 + TimeSpan.FromSeconds(3), outcome.Elapsed);
        }

        [Fact]
        public void ARunIsTimedOnTheGivenClock()
        {
            var clock = new FakeClock();
            var statistics = new RunStatistics(clock);
            clock.Advance(TimeSpan.FromSeconds(4));
            statistics.Record(BatchTaskOutcome.Success("infer-1", BatchTaskAction.Delete, "req-1", null, TimeSpan.Zero));
            statistics.Record(BatchTaskOutcome.Success("infer-2", BatchTaskAction.Delete, "req-2", null, TimeSpan.Zero));

            Assert.Equal(TimeSpan.FromSeconds(4), statistics.Elapsed);
            Assert.Equal(0.5, statistics.RatePerSecond);
            Assert.EndsWith("in 4.00 s", statistics.ToString());
        }

        [Fact]
        public void TheModuleTakesNoClockAsADelegate()
        {
            // IClock is the one seam for time: a Func that gives the time or waits would be a second one.
            var clockDelegate = new Regex(@"Func<\s*(System\.)?(TimeSpan|DateTime|DateTimeOffset)\s*>|Func<\s*(System\.)?TimeSpan\s*,\s*[\w.]*CancellationToken\s*,\s*[\w.]*Task\s*>");
            var moduleSource = Path.Combine(SharedFiles.RepositoryRoot, "src", "Qianfan");
            var offenders = Directory.EnumerateFiles(moduleSource, "*.cs", SearchOption.AllDirectories)
                .Where(file => !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Where(file => clockDelegate.IsMatch(File.ReadAllText(file)))
                .Select(file => Path.GetRelativePath(moduleSource, file))
                .ToList();

            Assert.NotEmpty(Directory.EnumerateFiles(moduleSource, "*.cs", SearchOption.AllDirectories));
            Assert.Empty(offenders);
        }
    }
}
