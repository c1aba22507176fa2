using System;
using System.Collections.Generic;
using System.Text.Json;
using Qianfan.Tasks;
using Xunit;

namespace Qianfan.Tests.Tasks
{
    public class BatchTaskFilterTests
    {
        private static BatchTask Task(string? name, string? status = "Running", string? createTime = "2025-03-01T12:00:00Z")
        {
            var json = JsonSerializer.Serialize(new { taskId = "infer-" + name, name, runStatus = status, createTime });
            using (var document = JsonDocument.Parse(json))
                return BatchTask.FromJson(document.RootElement);
        }

        private static readonly DateTime Noon = new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

        [Fact]
        public void WithoutCriteriaEveryTaskIsKept()
        {
            var filter = new BatchTaskFilter();

            Assert.True(filter.KeepsAll);
            Assert.True(filter.Matches(Task("anything", "Expired", null)));
        }

        // PowerShell's wildcards need a PowerShell runtime (the Pester suite covers them); a test here
        // stands in a simple "prefix*" rule to check how patterns combine with each other and with the rest.
        private static Predicate<string> Prefix(string pattern) =>
            name => name.StartsWith(pattern.TrimEnd('*'), StringComparison.OrdinalIgnoreCase);

        [Fact]
        public void ATaskMatchingAnyOfSeveralPatternsIsKept()
        {
            var filter = new BatchTaskFilter(names: new[] { "adhoc-*", "product-*" }, compileName: Prefix);

            Assert.False(filter.KeepsAll);
            Assert.True(filter.Matches(Task("product-summaries-000002")));
            Assert.True(filter.Matches(Task("adhoc-test-000003")));
            Assert.False(filter.Matches(Task("nightly-eval-000001")));
            Assert.Equal("its name 'nightly-eval-000001' matches no -Name pattern", filter.WhyLeftOut(Task("nightly-eval-000001")));
        }

        [Fact]
        public void ATaskWithoutANameIsMatchedAsAnEmptyName()
        {
            var seen = new List<string>();
            var filter = new BatchTaskFilter(names: new[] { "x" }, compileName: _ => name => { seen.Add(name); return true; });

            Assert.True(filter.Matches(Task(null)));
            Assert.Equal(new[] { "" }, seen);
        }

        [Fact]
        public void APatternThatCannotBeCompiledIsRefusedAtOnce()
        {
            Assert.Throws<ArgumentException>(() => new BatchTaskFilter(names: new[] { "[x" }, compileName: p => throw new ArgumentException(p)));
        }

        [Fact]
        public void StatusesAreComparedInTheServicesSpellingWhateverTheCase()
        {
            var filter = new BatchTaskFilter(statuses: new[] { "running", "FAILED", "Running" });

            Assert.Equal(new[] { "Running", "Failed" }, filter.Statuses);
            Assert.True(filter.Matches(Task("a", "Failed")));
            Assert.False(filter.Matches(Task("a", "Stopped")));
            Assert.Equal("its status is Stopped", filter.WhyLeftOut(Task("a", "Stopped")));
            Assert.Throws<ArgumentException>(() => new BatchTaskFilter(statuses: new[] { "Paused" }));
        }

        [Fact]
        public void CreatedAfterIncludesItsInstantAndCreatedBeforeExcludesIt()
        {
            var filter = new BatchTaskFilter(createdAfter: Noon, createdBefore: Noon.AddHours(1));

            Assert.True(filter.Matches(Task("at-start", createTime: "2025-03-01T12:00:00Z")));
            Assert.True(filter.Matches(Task("inside", createTime: "2025-03-01T12:59:59Z")));
            Assert.False(filter.Matches(Task("at-end", createTime: "2025-03-01T13:00:00Z")));
            Assert.False(filter.Matches(Task("earlier", createTime: "2025-03-01T11:59:59Z")));
            Assert.False(filter.Matches(Task("no-time", createTime: null)));
        }

        [Fact]
        public void TimesOfAnyKindAreComparedAsTheSameInstant()
        {
            var task = Task("t", createTime: "2025-03-01T12:00:00Z");

            // The same instant given as UTC, as local time, and as an offset time: each bound lands exactly on the task.
            Assert.True(new BatchTaskFilter(createdAfter: Noon).Matches(task));
            Assert.True(new BatchTaskFilter(createdAfter: Noon.ToLocalTime()).Matches(task));
            Assert.False(new BatchTaskFilter(createdBefore: Noon.ToLocalTime()).Matches(task));
            Assert.True(new BatchTaskFilter(createdAfter: Noon.AddSeconds(-1).ToLocalTime()).Matches(task));
            Assert.False(new BatchTaskFilter(createdAfter: Noon.AddSeconds(1).ToLocalTime()).Matches(task));
        }

        [Fact]
        public void AnUnspecifiedTimeIsTakenAsLocalTime()
        {
            var task = Task("t", createTime: "2025-03-01T12:00:00Z");
            var localNoon = DateTime.SpecifyKind(Noon.ToLocalTime(), DateTimeKind.Unspecified);

            Assert.True(new BatchTaskFilter(createdAfter: localNoon).Matches(task));
            Assert.False(new BatchTaskFilter(createdAfter: localNoon.AddSeconds(1)).Matches(task));
        }

        [Fact]
        public void AnEmptyTimeRangeIsRefused()
        {
            var problem = Assert.Throws<ArgumentException>(() => new BatchTaskFilter(createdAfter: Noon, createdBefore: Noon));
            Assert.Contains("-CreatedAfter earlier than -CreatedBefore", problem.Message);
        }

        [Fact]
        public void EveryCriterionMustHold()
        {
            var filter = new BatchTaskFilter(new[] { "Running" }, new[] { "nightly-*" }, Noon.AddHours(-1), compileName: Prefix);

            Assert.True(filter.Matches(Task("nightly-1")));
            Assert.False(filter.Matches(Task("nightly-1", "Done")));
            Assert.False(filter.Matches(Task("adhoc-1")));
            Assert.False(filter.Matches(Task("nightly-1", createTime: "2025-03-01T10:00:00Z")));
            Assert.StartsWith("it was created at 2025-03-01 10:00:00Z", filter.WhyLeftOut(Task("nightly-1", createTime: "2025-03-01T10:00:00Z")));
        }
    }

    public class PagingWindowTests
    {
        [Fact]
        public void SkipsThenWritesFirstThenIsFullButKeepsCounting()
        {
            var window = new PagingWindow(skip: 2, first: 3);
            var admitted = new bool[7];
            for (var i = 0; i < admitted.Length; i++) admitted[i] = window.Admit();

            Assert.Equal(new[] { false, false, true, true, true, false, false }, admitted);
            Assert.True(window.IsFull);
            Assert.Equal(7UL, window.Offered);
            Assert.Equal(3UL, window.Written);
        }

        [Fact]
        public void WithoutLimitsEverythingIsWrittenAndItIsNeverFull()
        {
            var window = new PagingWindow();
            for (var i = 0; i < 1000; i++) Assert.True(window.Admit());
            Assert.False(window.IsFull);
        }

        [Fact]
        public void FirstZeroIsFullFromTheStart()
        {
            var window = new PagingWindow(first: 0);
            Assert.True(window.IsFull);
            Assert.False(window.Admit());
        }
    }
}
