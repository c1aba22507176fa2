using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    /// <summary>
    /// The emulator's settings are one table; the usage, the command line and the admin route must
    /// each cover every row, and agree with one another.
    /// </summary>
    public class EmulatorSettingTableTests
    {
        private static string OneLine(string text) => Regex.Replace(text, @"\s+", " ");

        [Fact]
        public void TheUsageListsEveryRowWithItsDefaultAndNoSecret()
        {
            var usage = OneLine(CommandLine.Usage);

            foreach (var setting in EmulatorSettingTable.All)
            {
                Assert.Contains(setting.Syntax + " ", usage);
                Assert.Contains(OneLine(setting.Help), usage);
                if (setting.Default != null) Assert.Contains(OneLine($"(default: {setting.Default})"), usage);
            }
            Assert.Contains("--black-hole accept", usage);
            Assert.Contains("--fail-rate R fraction", usage);
            Assert.Contains("(default: 429)", usage);
            Assert.DoesNotContain(EmulatorOptions.DefaultSecretKey, usage);
        }

        [Fact]
        public void EverySettingOfTheEmulatorHasOneRow()
        {
            var rows = EmulatorSettingTable.All;
            Assert.Equal(rows.Count, rows.Select(r => r.Flag).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Equal(rows.Count(r => r.JsonName != null), rows.Where(r => r.JsonName != null).Select(r => r.JsonName).Distinct(StringComparer.OrdinalIgnoreCase).Count());

            // A property added to the settings without a row would be unreachable from the command line and the admin route.
            var properties = typeof(EmulatorSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name).ToList();
            Assert.Contains("StopDelayMs", properties);
            foreach (var property in properties)
                Assert.Contains(rows, r => r.JsonName != null && string.Equals(r.JsonName, char.ToLowerInvariant(property[0]) + property.Substring(1), StringComparison.Ordinal));

            // The secrets are rows too, so that nothing but their rows decides how they are shown.
            Assert.Equal(new[] { "secretKey", "securityToken" }, rows.Where(r => r.IsSecret).Select(r => r.JsonName));
        }

        [Fact]
        public async Task EveryLiveRowRoundTripsThroughTheAdminRouteAndMeansTheSameOnTheCommandLine()
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
            using var http = new HttpClient();
            var live = EmulatorSettingTable.All.Where(r => r.Change != null).ToList();
            Assert.Equal(19, live.Count);

            foreach (var setting in live)
            {
                var name = setting.JsonName;
                Assert.NotNull(name);
                var before = (await GetConfigAsync(http, server))[name];
                var changed = setting.Choices is { } choices
                    ? JsonSerializer.Serialize(choices.First(choice => JsonSerializer.Serialize(choice) != before))
                    : Changed(before);
                Assert.NotEqual(before, changed);

                using (var response = await PostConfigAsync(http, server, "{\"" + name + "\":" + changed + "}"))
                    Assert.True(response.StatusCode == HttpStatusCode.OK, name + ": " + await response.Content.ReadAsStringAsync());
                Assert.Equal(changed, (await GetConfigAsync(http, server))[name]);

                // The same value given on the command line gives the same setting.
                var parsed = CommandLine.Parse(new[] { CommandLineArgument(setting, changed) }, _ => null);
                Assert.NotNull(parsed);
                Assert.Equal(changed, Written(setting, parsed.Settings()));

                (await PostConfigAsync(http, server, "{\"" + name + "\":" + before + "}")).Dispose();
                Assert.Equal(before, (await GetConfigAsync(http, server))[name]);
            }
        }

        [Fact]
        public async Task ASettingOfNamedChoicesRefusesAnyOther()
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
            using var http = new HttpClient();

            using (var response = await PostConfigAsync(http, server, "{\"paging\":\"by-page-number\"}"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Contains("vendor, last-id", await response.Content.ReadAsStringAsync());
            }
            Assert.Throws<ArgumentException>(() => new EmulatorOptions { ThrottleShape = "xml" }.Validate());
        }

        [Fact]
        public async Task EverySecretRowIsRefusedByTheAdminRouteAndNeverShown()
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { SecretKey = "start-secret", SecurityToken = "start-token" });
            using var http = new HttpClient();

            foreach (var secret in EmulatorSettingTable.All.Where(r => r.IsSecret))
            {
                using var response = await PostConfigAsync(http, server, "{\"" + secret.JsonName + "\":\"by-admin\"}");
                var text = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Contains($"--{secret.Flag}-file PATH or {secret.EnvironmentVariable}", text);
                Assert.Contains(EmulatorSettingTable.All, r => r.Flag == secret.Flag + "-file");

                var shown = await GetConfigAsync(http, server);
                Assert.DoesNotContain(shown.Keys, key => string.Equals(key, secret.JsonName, StringComparison.OrdinalIgnoreCase));
            }
            var everything = string.Join(" ", (await GetConfigAsync(http, server)).Values) + server.Settings;
            Assert.DoesNotContain("start-", everything);
            Assert.Equal("true", (await GetConfigAsync(http, server))["securityTokenSet"]);
        }

        [Fact]
        public void AStrayArgumentAfterASecretIsNotEchoed()
        {
            // An unquoted space splits the secret: its second half is a stray argument.
            var afterSecret = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--secret-key", "first-half", "second-half" }, _ => null));
            Assert.DoesNotContain("second-half", afterSecret.Message);
            Assert.Contains("--secret-key", afterSecret.Message);
            var elsewhere = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--tasks", "5", "stray" }, _ => null));
            Assert.Equal("unexpected argument 'stray'; options start with --", elsewhere.Message);
        }

        [Fact]
        public async Task UnknownOptionsAndSettingsAreRefusedWithAClearMessage()
        {
            var unknown = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--colour", "blue" }, _ => null));
            Assert.Equal("unknown option --colour", unknown.Message);
            var near = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--latency=20" }, _ => null));
            Assert.Equal("unknown option --latency; did you mean --latency-ms?", near.Message);
            var last = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--tasks", "5", "--colour" }, _ => null));
            Assert.Equal("unknown option --colour", last.Message);

            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
            using var http = new HttpClient();
            using var response = await PostConfigAsync(http, server, "{\"latencyMs\":5,\"colour\":\"blue\"}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("unknown setting 'colour'", error.RootElement.GetProperty("message").GetString());
            Assert.Equal(0, server.Settings.LatencyMs);
        }

        /// <summary>Another valid value of the same kind: a number plus one, the other boolean, a set seed, a longer text.</summary>
        private static string Changed(string rawJson)
        {
            using var document = JsonDocument.Parse(rawJson);
            var value = document.RootElement;
            return value.ValueKind switch
            {
                JsonValueKind.Number => (value.GetDouble() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                JsonValueKind.True => "false",
                JsonValueKind.False => "true",
                JsonValueKind.Null => "7",
                JsonValueKind.String => JsonSerializer.Serialize(value.GetString() + "-changed"),
                _ => throw new InvalidOperationException("unexpected setting value " + rawJson),
            };
        }

        private static string CommandLineArgument(EmulatorSetting setting, string rawJson)
        {
            if (setting.IsSwitch && rawJson == "true") return "--" + setting.Flag;
            using var document = JsonDocument.Parse(rawJson);
            var text = document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString() : rawJson;
            return "--" + setting.Flag + "=" + text;
        }

        private static string Written(EmulatorSetting setting, EmulatorSettings settings)
        {
            Assert.NotNull(setting.Write);
            Assert.NotNull(setting.JsonName);
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                setting.Write(writer, settings);
                writer.WriteEndObject();
            }
            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.GetProperty(setting.JsonName).GetRawText();
        }

        /// <summary>/_emulator/config as name and raw JSON value.</summary>
        private static async Task<Dictionary<string, string>> GetConfigAsync(HttpClient http, EmulatorServer server)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUri, "_emulator/config")));
            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        }

        private static Task<HttpResponseMessage> PostConfigAsync(HttpClient http, EmulatorServer server, string json) =>
            http.PostAsync(new Uri(server.BaseUri, "_emulator/config"), new StringContent(json, Encoding.UTF8, "application/json"));
    }
}
