using System;
using System.Linq;
using System.Text.Json;
using Qianfan.Tasks;
using Xunit;

namespace Qianfan.Tests.Output
{
    public class BatchTaskTests
    {
        // The task object as the vendor's SDK mocks show it (docs/qianfan-api.md).
        private const string FullTask = @"{
            ""taskId"": ""infer-9ia3kc1wt9mp"", ""name"": ""nightly"", ""description"": ""eval run"",
            ""endpoint"": ""ep-chat"", ""runStatus"": ""Running"", ""inferenceParams"": {""temperature"": 0.8},
            ""inputBosUri"": ""bos:/in/"", ""outputBosUri"": ""bos:/out/"", ""outputDir"": ""bos:/out/infer-9ia3kc1wt9mp/"",
            ""progress"": 42, ""createTime"": ""2025-01-02T03:04:05Z"", ""finishTime"": null,
            ""inputTokenUsage"": 12345678901, ""outputTokenUsage"": 250, ""creator"": ""alice"" }";

        private static BatchTask Parse(string json)
        {
            using (var document = JsonDocument.Parse(json))
                return BatchTask.FromJson(document.RootElement);
        }

        [Fact]
        public void TheOutputTypeIsNamedQianfanBatchTask()
        {
            Assert.Equal("Qianfan.BatchTask", typeof(BatchTask).FullName);
        }

        [Fact]
        public void EveryDocumentedFieldIsAPropertyInPascalCase()
        {
            var documented = new[]
            {
                "taskId", "name", "description", "endpoint", "runStatus", "inferenceParams", "inputBosUri", "outputBosUri",
                "outputDir", "progress", "createTime", "finishTime", "inputTokenUsage", "outputTokenUsage", "creator",
                "inputAfsUri", "outputAfsUri",
            };
            var properties = typeof(BatchTask).GetProperties().Select(p => p.Name).ToList();
            foreach (var field in documented)
                Assert.Contains(char.ToUpperInvariant(field[0]) + field.Substring(1), properties);
        }

        [Fact]
        public void ReadsEveryFieldWithItsType()
        {
            var task = Parse(FullTask);

            Assert.Equal("infer-9ia3kc1wt9mp", task.TaskId);
            Assert.Equal("nightly", task.Name);
            Assert.Equal("eval run", task.Description);
            Assert.Equal("ep-chat", task.Endpoint);
            Assert.Equal("Running", task.RunStatus);
            Assert.Equal("bos:/in/", task.InputBosUri);
            Assert.Equal("bos:/out/", task.OutputBosUri);
            Assert.Equal("bos:/out/infer-9ia3kc1wt9mp/", task.OutputDir);
            Assert.Equal(42d, task.Progress);
            Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), task.CreateTimeUtc);
            Assert.Equal(DateTimeKind.Utc, Assert.NotNull(task.CreateTimeUtc).Kind);
            Assert.Null(task.FinishTime);
            Assert.Null(task.FinishTimeUtc);
            Assert.Equal(12345678901L, task.InputTokenUsage);
            Assert.Equal(250L, task.OutputTokenUsage);
            Assert.Equal("alice", task.Creator);
            Assert.Empty(task.AdditionalFields);
        }

        [Fact]
        public void TheAfsLocationsOfTheVendorsDescribeAnswerAreProperties()
        {
            var task = Parse(@"{""taskId"": ""t"", ""inputAfsUri"": ""afs:/in/"", ""outputAfsUri"": ""afs:/out/""}");

            Assert.Equal("afs:/in/", task.InputAfsUri);
            Assert.Equal("afs:/out/", task.OutputAfsUri);
            Assert.Empty(task.AdditionalFields);
        }

        [Theory]
        [InlineData("\"\"")]
        [InlineData("\"  \"")]
        [InlineData("\"0000-00-00T00:00:00Z\"")]
        [InlineData("null")]
        public void AnEmptyOrZeroFinishTimeIsNoTime(string finishTime)
        {
            var task = Parse(@"{""taskId"": ""t"", ""runStatus"": ""Running"", ""finishTime"": " + finishTime + "}");

            Assert.Null(task.FinishTimeUtc);
            Assert.Null(task.FinishTime);
            Assert.Empty(task.AdditionalFields);
        }

        [Fact]
        public void ATaskStandsForItsIdWhereTextIsExpected()
        {
            Assert.Equal("infer-9ia3kc1wt9mp", Parse(FullTask).ToString());
        }

        [Fact]
        public void FieldsBeyondTheDocumentedOnesAreKeptUnderPascalCaseNames()
        {
            var task = Parse(@"{""taskId"": ""infer-1"", ""queuePosition"": 3, ""gpu_hours"": 1.5, ""tags"": [""a""]}");

            Assert.Equal(new[] { "QueuePosition", "GpuHours", "Tags" }, task.AdditionalFields.Select(f => f.Key));
            Assert.Equal(3, task.AdditionalFields[0].Value.GetInt32());
        }

        [Fact]
        public void AValueOfAnUnexpectedShapeIsKeptAsTextInsteadOfLost()
        {
            var task = Parse(@"{""taskId"": ""infer-1"", ""createTime"": ""yesterday at noon"", ""progress"": ""n/a""}");

            Assert.Null(task.CreateTime);
            Assert.Null(task.Progress);
            Assert.Equal(new[] { "CreateTimeText", "ProgressText" }, task.AdditionalFields.Select(f => f.Key));
            Assert.Equal("yesterday at noon", task.AdditionalFields[0].Value.GetString());
        }

        [Theory]
        [InlineData("\"2025-01-02 03:04:05\"")]
        [InlineData("\"2025-01-02T11:04:05+08:00\"")]
        [InlineData("1735787045")]
        [InlineData("1735787045000")]
        public void TimesInOtherCommonFormsAreReadAsUtc(string createTime)
        {
            var task = Parse(@"{""taskId"": ""infer-1"", ""createTime"": " + createTime + "}");

            Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), task.CreateTimeUtc);
            Assert.Equal(DateTimeKind.Utc, Assert.NotNull(task.CreateTimeUtc).Kind);
        }

        [Fact]
        public void CreateAndFinishTimeAreTheSameInstantsInLocalTimeAsGetDateGivesThem()
        {
            var task = Parse(@"{""taskId"": ""infer-1"", ""createTime"": ""2025-01-02T03:04:05Z"", ""finishTime"": ""2025-01-02T04:04:05Z""}");

            // PowerShell compares DateTime values by clock reading alone, so they must be in the zone of (Get-Date).
            Assert.Equal(DateTimeKind.Local, Assert.NotNull(task.CreateTime).Kind);
            Assert.Equal(DateTimeKind.Local, Assert.NotNull(task.FinishTime).Kind);
            Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc).ToLocalTime(), task.CreateTime);
            Assert.Equal(task.CreateTimeUtc, task.CreateTime?.ToUniversalTime());
            Assert.Equal(task.FinishTimeUtc, task.FinishTime.Value.ToUniversalTime());
        }

        [Fact]
        public void NumbersSentAsTextAreStillRead()
        {
            var task = Parse(@"{""taskId"": ""infer-1"", ""progress"": ""37.5%"", ""inputTokenUsage"": ""900""}");

            Assert.Equal(37.5, task.Progress);
            Assert.Equal(900L, task.InputTokenUsage);
            Assert.Empty(task.AdditionalFields);
        }

        [Fact]
        public void SomethingOtherThanAnObjectIsNotATask()
        {
            Assert.Throws<FormatException>(() => Parse("\"infer-1\""));
        }

        [Theory]
        [InlineData("taskId", "TaskId")]
        [InlineData("input_token_usage", "InputTokenUsage")]
        [InlineData("x-trace-id", "XTraceId")]
        [InlineData("Already", "Already")]
        public void ServiceNamesArePutInPascalCase(string name, string expected)
        {
            Assert.Equal(expected, BatchTask.PascalCase(name));
        }

        [Theory]
        [InlineData("running", "Running")]
        [InlineData(" STOPPED ", "Stopped")]
        [InlineData("Paused", null)]
        [InlineData(null, null)]
        public void StatusesAreSpelledAsTheServiceDoes(string? given, string? expected)
        {
            Assert.Equal(expected, BatchTaskStatus.Normalize(given));
        }
    }
}
