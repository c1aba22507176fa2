using Qianfan.Runs;
using Xunit;

namespace Qianfan.Tests.Runs
{
    // How -TaskId turns objects into ids runs only inside PowerShell: tests/pester/TaskIdInput.Tests.ps1.
    public class NotATaskIdTests
    {
        [Fact]
        public void AStandInIsRefusedInItsOwnWordsAndLeadsBackToTheInput()
        {
            var input = new object();
            var standIn = NotATaskId.StandInFor(input, "a System.Object");

            Assert.Equal(TaskIdVerdict.Invalid, TaskIdInput.Check(standIn, out var kept, out var problem));
            Assert.Same(standIn, kept);
            Assert.Equal("a System.Object", problem);
            Assert.True(NotATaskId.TryFind(kept, out var found));
            Assert.Same(input, found.Input);
        }

        [Fact]
        public void AStandInIsKnownByItselfNotByItsText()
        {
            var standIn = NotATaskId.StandInFor(42, "the number 42");
            var typed = new string(standIn.ToCharArray());

            Assert.False(NotATaskId.TryFind(typed, out _));
            Assert.False(NotATaskId.TryFind(null, out _));
            // The same text typed by hand is still no id (it has white space), so it is never sent either.
            Assert.Equal(TaskIdVerdict.Invalid, TaskIdInput.Check(typed, out _, out var problem));
            Assert.Contains("white space", problem);
        }
    }
}
