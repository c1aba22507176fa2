using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    /// <summary>
    /// The emulator's secrets stay off its command line (which every local user can read) and out
    /// of reach of its unsigned admin routes.
    /// </summary>
    public class EmulatorSecretTests : IDisposable
    {
        private static readonly object DescribeFirst = new { taskId = "infer-000001" };
        private readonly string _folder = Directory.CreateTempSubdirectory("qianfan-secrets-").FullName;

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
            GC.SuppressFinalize(this);
        }

        private string WriteFile(string name, string content)
        {
            var path = Path.Combine(_folder, name);
            File.WriteAllText(path, content);
            return path;
        }

        private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
        {
            var table = new Dictionary<string, string>();
            foreach (var (name, value) in variables) table[name] = value;
            return name => table.TryGetValue(name, out var value) ? value : null;
        }

        [Fact]
        public void TheSecretKeyAndTokenComeFromEnvironmentVariables()
        {
            var options = CommandLine.Parse(new[] { "--port", "0" },
                Environment(("QIANFAN_EMULATOR_SECRET_KEY", "env-secret"), ("QIANFAN_EMULATOR_SECURITY_TOKEN", "env-token")));

            Assert.NotNull(options);
            Assert.Equal("env-secret", options.SecretKey);
            Assert.Equal("env-token", options.SecurityToken);
        }

        [Fact]
        public void WithoutOptionsOrVariablesTheDevelopmentKeyAndNoTokenAreUsed()
        {
            var options = CommandLine.Parse(new[] { "--port", "0" }, Environment(("QIANFAN_EMULATOR_SECRET_KEY", "")));

            Assert.NotNull(options);
            Assert.Equal(EmulatorOptions.DefaultSecretKey, options.SecretKey);
            Assert.Null(options.SecurityToken);
        }

        [Fact]
        public void AnOptionWinsOverItsEnvironmentVariable()
        {
            var tokenFile = WriteFile("token", "file-token\n");
            var environment = Environment(("QIANFAN_EMULATOR_SECRET_KEY", "env-secret"), ("QIANFAN_EMULATOR_SECURITY_TOKEN", "env-token"));

            var options = CommandLine.Parse(new[] { "--secret-key", "line-secret", "--security-token-file", tokenFile }, environment);

            Assert.NotNull(options);
            Assert.Equal("line-secret", options.SecretKey);
            Assert.Equal("file-token", options.SecurityToken);
        }

        [Theory]
        [InlineData("file-secret\n", "file-secret")]
        [InlineData("file-secret\r\n", "file-secret")]
        [InlineData("file-secret", "file-secret")]
        [InlineData(" spaced secret \n\n", " spaced secret \n")]
        public void ASecretFileLosesOneTrailingNewlineOnly(string content, string expected)
        {
            var keyFile = WriteFile("key", content);
            var tokenFile = WriteFile("token", content);

            var options = CommandLine.Parse(new[] { "--secret-key-file=" + keyFile, "--security-token-file", tokenFile }, Environment());

            Assert.NotNull(options);
            Assert.Equal(expected, options.SecretKey);
            Assert.Equal(expected, options.SecurityToken);
        }

        [Fact]
        public void UnusableSecretOptionsAreRefusedWithoutQuotingTheSecret()
        {
            var keyFile = WriteFile("key", "file-secret-value\n");
            var emptyFile = WriteFile("empty", "\n");
            var missing = Path.Combine(_folder, "missing");

            var both = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--secret-key", "line-secret-value", "--secret-key-file", keyFile }, Environment()));
            var bothTokens = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--security-token-file", keyFile, "--security-token", "t" }, Environment()));
            var empty = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--secret-key-file", emptyFile }, Environment()));
            var absent = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--secret-key-file", missing }, Environment()));

            Assert.Contains("not both", both.Message);
            Assert.DoesNotContain("secret-value", both.Message);
            Assert.Contains("--security-token-file", bothTokens.Message);
            Assert.Contains("empty", empty.Message);
            Assert.Contains(missing, absent.Message);
        }

        [Fact]
        public void TheUsageTextOffersTheEnvironmentVariablesAndFiles()
        {
            foreach (var word in new[] { "--secret-key-file", "--security-token-file", "QIANFAN_EMULATOR_SECRET_KEY", "QIANFAN_EMULATOR_SECURITY_TOKEN" })
                Assert.Contains(word, CommandLine.Usage);
        }

        [Theory]
        [InlineData("{\"secretKey\":\"sk-by-admin\"}", "secretKey")]
        [InlineData("{\"latencyMs\":500,\"secretKey\":\"sk-by-admin\"}", "secretKey")]
        [InlineData("{\"SECRETKEY\":\"sk-by-admin\"}", "SECRETKEY")]
        [InlineData("{\"securityToken\":\"token-by-admin\"}", "securityToken")]
        [InlineData("{\"securityToken\":null}", "securityToken")]
        public async Task TheAdminRouteRefusesToChangeASecretAndChangesNothing(string body, string named)
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { AccessKey = "ak", SecretKey = "start-secret", SecurityToken = "start-token", Tasks = 1 });
            using var client = new SignedEmulatorClient(server) { SecurityToken = "start-token" };

            using var response = await client.Http.PostAsync(new Uri(server.BaseUri, "_emulator/config"), new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
            var error = JsonDocument.Parse(text).RootElement;
            Assert.Equal("AccessDenied", error.GetProperty("code").GetString());
            Assert.Contains(named + " cannot be changed", error.GetProperty("message").GetString());
            Assert.DoesNotContain("by-admin", text);
            Assert.DoesNotContain("start-", text);
            Assert.Equal("start-secret", server.Settings.SecretKey);
            Assert.Equal("start-token", server.Settings.SecurityToken);
            Assert.Equal(0, server.Settings.LatencyMs);
            Assert.Equal(HttpStatusCode.OK, (await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst)).Status);
        }

        [Fact]
        public async Task NoAdminRouteShowsTheSecretKeyOrToken()
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { AccessKey = "ak", SecretKey = "start-secret", SecurityToken = "start-token", Tasks = 1 });
            using var client = new SignedEmulatorClient(server) { SecurityToken = "start-token" };
            await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst);

            foreach (var route in new[] { "config", "stats", "tasks" })
            {
                var text = await client.Http.GetStringAsync(new Uri(server.BaseUri, "_emulator/" + route));
                Assert.DoesNotContain("start-secret", text);
                Assert.DoesNotContain("start-token", text);
            }
        }

        [Fact]
        public async Task TheConsoleProgramTakesItsSecretsFromTheEnvironmentAndAFileAndNotTheCommandLine()
        {
            var tokenFile = WriteFile("token", "file-token-value\n");
            var dll = Path.Combine(AppContext.BaseDirectory, "Qianfan.Emulator.dll");
            var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet)) dotnet = "dotnet";
            var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { dll, "--port", "0", "--tasks", "2", "--security-token-file", tokenFile }) start.ArgumentList.Add(arg);
            start.Environment["QIANFAN_EMULATOR_SECRET_KEY"] = "env-secret-value";

            using var process = Process.Start(start) ?? throw new InvalidOperationException("the emulator did not start");
            try
            {
                var firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
                Assert.StartsWith("Qianfan emulator listening on ", firstLine ?? await process.StandardError.ReadToEndAsync());
                // The assert above fails on a missing line (showing what the program wrote instead).
                var baseUri = new Uri(string.Concat(firstLine!.AsSpan("Qianfan emulator listening on ".Length), "/"));
                using var client = new SignedEmulatorClient(baseUri, EmulatorOptions.DefaultAccessKey, "env-secret-value")
                {
                    SecurityToken = "file-token-value",
                    CloseConnections = true,
                };

                Assert.Equal(HttpStatusCode.OK, (await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst)).Status);
                client.SecretKey = EmulatorOptions.DefaultSecretKey;
                Assert.Equal("SignatureDoesNotMatch", (await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst)).Code);

                // What every local user can read of the process: no secret in it.
                var commandLine = Path.Combine("/proc", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "cmdline");
                if (File.Exists(commandLine))
                {
                    var seen = File.ReadAllText(commandLine);
                    Assert.Contains("--security-token-file", seen);
                    Assert.DoesNotContain("env-secret-value", seen);
                    Assert.DoesNotContain("file-token-value", seen);
                }
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
        }
    }
}
