using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    public class EmulatorHostingTests
    {
        [Fact]
        public void TheCommandLineFillsTheOptions()
        {
            var options = CommandLine.Parse(new[]
            {
                "--port", "0", "--access-key", "AK", "--secret-key=SK", "--tasks", "1000", "--fail-rate", "0.25",
                "--throttle-rate", "0.1", "--reset-rate=0.05", "--retry-after-sec", "3", "--seed", "9",
                "--clock-offset-sec", "-600", "--max-skew-sec", "900", "--latency-ms", "20", "--security-token", "T",
                "--task-file", "ids.txt",
            });

            Assert.NotNull(options);
            Assert.Equal("AK", options.AccessKey);
            Assert.Equal("SK", options.SecretKey);
            Assert.Equal("T", options.SecurityToken);
            Assert.Equal(1000, options.Tasks);
            Assert.Equal(0.25, options.FailRate);
            Assert.Equal(0.1, options.ThrottleRate);
            Assert.Equal(0.05, options.ResetRate);
            Assert.Equal(3, options.RetryAfterSec);
            Assert.Equal(9, options.Seed);
            Assert.Equal(-600, options.ClockOffsetSec);
            Assert.Equal(900, options.MaxSkewSec);
            Assert.Equal(20, options.LatencyMs);
            Assert.Equal("ids.txt", options.TaskFile);
            Assert.Null(CommandLine.Parse(new[] { "--tasks", "5", "--help" }));
        }

        [Theory]
        [InlineData("--fail-rate", "1.5")]
        [InlineData("--port", "eighty")]
        [InlineData("--colour", "blue")]
        [InlineData("--tasks")]
        [InlineData("stray")]
        public void BadCommandLinesAreRefused(params string[] args)
        {
            Assert.Throws<ArgumentException>(() => CommandLine.Parse(args));
        }

        [Fact]
        public async Task InvalidOptionsAreRefusedAtStart()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(new EmulatorOptions { FailRate = 0.7, ResetRate = 0.7 }));
            await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(new EmulatorOptions { TaskFile = "/no/such/file" }));
        }

        [Fact]
        public async Task ATaskFileSeedsRunningTasksAlongsideNumberedOnes()
        {
            var file = Path.GetTempFileName();
            try
            {
                File.WriteAllLines(file, new[] { "infer-9ia3kc1wt9mp", "", "  infer-second  ", "   " });
                await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Tasks = 2, TaskFile = file });

                Assert.Equal(4, server.Tasks.Count);
                Assert.Equal("Running", server.Tasks.Find("infer-second")?.RunStatus);
                Assert.NotNull(server.Tasks.Find("infer-9ia3kc1wt9mp"));
                Assert.NotNull(server.Tasks.Find("infer-000002"));
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public async Task DisposingStopsTheServerAndTheShutdownRouteStopsItToo()
        {
            var server = await EmulatorServer.StartAsync(new EmulatorOptions());
            var uri = new Uri(server.BaseUri, "_emulator/stats");
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(uri)).StatusCode);
            await server.DisposeAsync();
            Assert.True(server.Completion.IsCompleted);
            await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync(uri));

            await using var second = await EmulatorServer.StartAsync(new EmulatorOptions());
            using var response = await http.PostAsync(new Uri(second.BaseUri, "_emulator/shutdown"), null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The limit only keeps a server that never stops from hanging the suite.
            await second.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        }

        [Fact]
        public async Task AdminRoutesAnswerAWrongMethodWithAJson405()
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
            using var http = new HttpClient();

            using var response = await http.GetAsync(new Uri(server.BaseUri, "_emulator/shutdown"));

            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Contains("MethodNotAllowed", await response.Content.ReadAsStringAsync());
            Assert.False(server.Completion.IsCompleted);
        }

        [Fact]
        public async Task NeitherTheSettingsNorARefusalOfThemShowTheSecrets()
        {
            const string secret = "very-secret-key", token = "very-secret-token";
            var options = new EmulatorOptions { AccessKey = "ak", SecretKey = secret, SecurityToken = token, LatencyMs = 25 };

            // Printed (a log line, a debugger, an assertion message), the settings show their knobs, not the secrets.
            foreach (var text in new[] { options.Settings().ToString(), (options.Settings() with { FailRate = 0.5 }).ToString() })
            {
                Assert.Contains("AccessKey = ak", text);
                Assert.Contains("LatencyMs = 25", text);
                Assert.Contains("SecurityToken = set", text);
                Assert.DoesNotContain("very-secret", text);
            }

            // Refused at start, from the command line or in process: the message names the bad setting only.
            var parsed = Assert.Throws<ArgumentException>(() =>
                CommandLine.Parse(new[] { "--secret-key", secret, "--security-token", token, "--fail-rate", "2" }, _ => null));
            var started = await Assert.ThrowsAsync<ArgumentException>(() =>
                EmulatorServer.StartAsync(new EmulatorOptions { SecretKey = secret, SecurityToken = token, ResetRate = 0.7, FailRate = 0.7 }));

            // Live: the admin route's settings, and its refusal of a bad change.
            await using var server = await EmulatorServer.StartAsync(options);
            using var http = new HttpClient();
            var config = new Uri(server.BaseUri, "_emulator/config");
            using var refused = await http.PostAsync(config, new StringContent("{\"failRate\":2}", System.Text.Encoding.UTF8, "application/json"));
            var refusal = await refused.Content.ReadAsStringAsync();
            var shown = await http.GetStringAsync(config);

            Assert.Contains("fail-rate", parsed.Message);
            Assert.Contains("failRate", started.Message);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("failRate", refusal);
            Assert.Contains("\"securityTokenSet\":true", shown);
            foreach (var text in new[] { parsed.ToString(), started.ToString(), refusal, shown })
                Assert.DoesNotContain("very-secret", text);
        }

        [Fact]
        public async Task TheConsoleProgramRefusesABadOptionWithoutEchoingTheSecrets()
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "Qianfan.Emulator.dll");
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet)) dotnet = "dotnet";
            var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { dll, "--secret-key", "cli-secret-value", "--security-token", "cli-token-value", "--fail-rate", "2" })
                start.ArgumentList.Add(arg);

            using var process = Process.Start(start) ?? throw new InvalidOperationException("the emulator did not start");
            try
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var errors = await process.StandardError.ReadToEndAsync();
                // The limit only keeps a program that did not stop from hanging the suite.
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

                Assert.Equal(2, process.ExitCode);
                Assert.Contains("--fail-rate", errors);
                Assert.Contains("--help", errors);
                Assert.DoesNotContain("cli-secret-value", errors + await output);
                Assert.DoesNotContain("cli-token-value", errors + await output);
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
        }

        [Fact]
        public async Task TheConsoleProgramPrintsOneListeningLineAndServesUntilShutDown()
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "Qianfan.Emulator.dll");
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet)) dotnet = "dotnet";
            var start = new ProcessStartInfo(dotnet)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { dll, "--port", "0", "--tasks", "5", "--secret-key", "cli-secret-value" }) start.ArgumentList.Add(arg);

            using var process = Process.Start(start) ?? throw new InvalidOperationException("the emulator did not start");
            try
            {
                var firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
                Assert.Matches(@"^Qianfan emulator listening on http://127\.0\.0\.1:\d+$", firstLine);
                Assert.NotNull(firstLine);
                var baseUri = new Uri(string.Concat(firstLine.AsSpan("Qianfan emulator listening on ".Length), "/"));

                using var client = new SignedEmulatorClient(baseUri, EmulatorOptions.DefaultAccessKey, "cli-secret-value") { CloseConnections = true };
                var http = client.Http;
                var tasks = await http.GetStringAsync(new Uri(baseUri, "_emulator/tasks"));
                Assert.Contains("\"infer-000005\":\"Running\"", tasks);

                // Answers of every kind, a dropped connection included, leave stdout and stderr silent.
                Assert.Equal(HttpStatusCode.OK, (await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000001" })).Status);
                client.SecretKey = "wrong";
                Assert.Equal("SignatureDoesNotMatch", (await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000002" })).Code);
                client.SecretKey = "cli-secret-value";
                await client.AdminAsync("POST", "config", new { resetRate = 1.0 });
                await Assert.ThrowsAsync<HttpRequestException>(() => client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000003" }));
                await client.AdminAsync("POST", "config", new { resetRate = 0.0, failRate = 1.0 });
                Assert.Equal(HttpStatusCode.InternalServerError, (await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000004" })).Status);
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(baseUri, "nowhere"))).StatusCode);

                (await http.PostAsync(new Uri(baseUri, "_emulator/shutdown"), null)).EnsureSuccessStatusCode();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

                Assert.Equal(0, process.ExitCode);
                var rest = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
                Assert.DoesNotContain("cli-secret-value", rest);
                Assert.Equal("", rest.Trim());
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
        }
    }
}
