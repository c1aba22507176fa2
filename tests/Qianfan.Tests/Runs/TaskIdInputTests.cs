using System;
using System.Linq;
using Qianfan.Runs;
using Xunit;

namespace Qianfan.Tests.Runs
{
    // Which ids are sent and which are refused, and what the refusal says. The Pester file
    // tests/pester/TaskIdInput.Tests.ps1 checks the same through the cmdlets, against the emulator.
    public class TaskIdInputTests
    {
        [Theory]
        // The vendor's own ids: both seed pages (infer-9ia3kc1wt9mp), the list page's marker (infer-n509xxxhqq3).
        [InlineData("infer-9ia3kc1wt9mp")]
        [InlineData("infer-n509xxxhqq3")]
        [InlineData("infer-000150")]
        // Other plausible machine-made shapes: any case, underscores, dots, other printable ASCII.
        [InlineData("Infer_Task.v2-01")]
        [InlineData("task:2025/03/01+x=y@z")]
        public void AnIdOfPrintableAsciiIsSent(string id)
        {
            Assert.Equal(TaskIdVerdict.Valid, TaskIdInput.Check(id, out var kept, out var problem));
            Assert.Equal(id, kept);
            Assert.Null(problem);
        }

        [Theory]
        [InlineData("  infer-9ia3kc1wt9mp\r\n")]
        [InlineData("\tinfer-9ia3kc1wt9mp \u00A0")]
        public void WhiteSpaceAroundAnIdIsTrimmed(string raw)
        {
            Assert.Equal(TaskIdVerdict.Valid, TaskIdInput.Check(raw, out var kept, out _));
            Assert.Equal("infer-9ia3kc1wt9mp", kept);
        }

        [Theory]
        [InlineData("infer-000150\u200B", "zero-width", "U+200B at position 13")]
        [InlineData("\u200Dinfer-000150", "zero-width", "U+200D at position 1")]
        [InlineData("infer-000150\u2060", "zero-width", "U+2060 at position 13")]
        [InlineData("infer-000150\uFEFF", "byte-order mark", "U+FEFF at position 13")]
        [InlineData("\uFEFFinfer-000150", "byte-order mark", "U+FEFF at position 1")]
        [InlineData("infer-00\uFEFF0150", "byte-order mark", "U+FEFF at position 9")]
        [InlineData("\u00EF\u00BB\u00BFinfer-000150", "read as ANSI", "U+00EF U+00BB U+00BF) at position 1")]
        [InlineData("infer-0002*", "wildcard character '*'", "U+002A at position 11")]
        [InlineData("infer-000?50", "wildcard character '?'", "U+003F at position 10")]
        [InlineData("infer-[01]", "wildcard character '['", "U+005B at position 7")]
        [InlineData("'infer-000150'", "quote", "U+0027 at position 1")]
        [InlineData("\"infer-000150\"", "quote", "U+0022 at position 1")]
        [InlineData("\u201Cinfer-000150\u201D", "quote", "U+201C at position 1")]
        [InlineData("infer-000150\u2019", "quote", "U+2019 at position 13")]
        [InlineData("infer\u2013000150", "no task id has", "U+2013 at position 6")]
        [InlineData("inf\u0435r-000150", "look-alike", "U+0435 at position 4")]
        [InlineData("infer-\u00AD000150", "invisible formatting", "U+00AD at position 7")]
        [InlineData("infer-\u0007000150", "control character", "U+0007 at position 7")]
        [InlineData("infer-000\u00A0150", "white space", "U+00A0 at position 10")]
        public void AnIdWithACharacterNoIdHasIsRefusedNamingTheCharacterAndWhereItIs(string id, string what, string where)
        {
            Assert.Equal(TaskIdVerdict.Invalid, TaskIdInput.Check(id, out var kept, out var problem));
            Assert.Equal(id.Trim(), kept);
            Assert.Contains(what, problem);
            Assert.Contains(where, problem);
        }

        [Fact]
        public void AByteOrderMarkReadAsAnsiSaysToReadTheFileAsUtf8()
        {
            TaskIdInput.Check("\u00EF\u00BB\u00BFinfer-9ia3kc1wt9mp", out _, out var problem);

            Assert.Contains("Get-Content -Encoding UTF8", problem);
        }

        [Fact]
        public void AWildcardIdPointsToListingTheTasksItMatches()
        {
            TaskIdInput.Check("infer-0002*", out _, out var problem);

            Assert.Contains("Get-QianfanBatchTask | Where-Object TaskId -like 'infer-0002*'", problem);
        }

        [Fact]
        public void ASpaceInsideOneIdIsToBeCorrectedNotSplit()
        {
            TaskIdInput.Check("infer-0001 50", out _, out var problem);

            Assert.Contains("damaged", problem);
            Assert.Contains("U+0020 at position 11", problem);
            Assert.DoesNotContain("split", problem);
        }

        [Fact]
        public void SeveralIdsInOneLineAreToBeSplit()
        {
            TaskIdInput.Check("infer-000150 infer-000151\tinfer-000152", out _, out var problem);

            Assert.Contains("3 ids separated by white space", problem);
            Assert.Contains("-split '\\s+'", problem);
        }

        [Theory]
        [InlineData("  infer-1 \r", nameof(TaskIdVerdict.Valid), "infer-1")]
        [InlineData("   ", nameof(TaskIdVerdict.Blank), "")]
        [InlineData(null, nameof(TaskIdVerdict.Blank), "")]
        [InlineData("infer 1", nameof(TaskIdVerdict.Invalid), "infer 1")]
        [InlineData("infer-\u00071", nameof(TaskIdVerdict.Invalid), "infer-\u00071")]
        [InlineData("infer-1,infer-2", nameof(TaskIdVerdict.Invalid), "infer-1,infer-2")]
        [InlineData(" infer-1, ", nameof(TaskIdVerdict.Invalid), "infer-1,")]
        public void TaskIdsAreTrimmedAndChecked(string? raw, string verdictName, string cleaned)
        {
            var verdict = Enum.Parse<TaskIdVerdict>(verdictName);
            Assert.Equal(verdict, TaskIdInput.Check(raw, out var id, out var problem));
            Assert.Equal(cleaned, id);
            Assert.Equal(verdict == TaskIdVerdict.Invalid, problem != null);
        }

        [Fact]
        public void CommaSeparatedIdsAreRefusedWithAdviceToSplitThem()
        {
            var longList = string.Join(",", Enumerable.Range(1, 20).Select(i => "infer-" + i));
            Assert.Equal(TaskIdVerdict.Invalid, TaskIdInput.Check(longList, out _, out var problem));
            Assert.Contains("comma", problem);
            Assert.Contains("-split ','", problem);
        }

        [Fact]
        public void OverlongTaskIdIsInvalid()
        {
            Assert.Equal(TaskIdVerdict.Valid, TaskIdInput.Check(new string('a', 128), out _, out _));
            Assert.Equal(TaskIdVerdict.Invalid, TaskIdInput.Check(new string('a', 129), out _, out var problem));
            Assert.Contains("129", problem);
        }
    }
}
