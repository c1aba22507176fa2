using System.Globalization;
using System.Linq;
using Qianfan.Runs;
using Xunit;

namespace Qianfan.Tests.Runs
{
    public class SeenTaskIdsTests
    {
        [Fact]
        public void AcceptsEachIdOnce()
        {
            var seen = new SeenTaskIds();
            Assert.True(seen.Add("infer-1"));
            Assert.True(seen.Add("infer-2"));
            Assert.False(seen.Add("infer-1"));
            Assert.True(Enumerable.Range(0, 100000).All(i => seen.Add("infer-" + i.ToString("D6", CultureInfo.InvariantCulture))));
        }

        [Theory]
        [InlineData("infer-a", "infer-a0")]
        [InlineData("infer-0", "infer-00")]
        [InlineData("infer-9ia3kc1wt9mp", "infer-9ia3kc1wt9mq")]
        [InlineData("infer-zzzzzzzzzzzz", "infer-zzzzzzzzzzz")]
        [InlineData("infer-abc", "Infer-abc")]
        [InlineData("infer-abc", "infer-ABC")]
        [InlineData("infer-1234567890123", "infer-123456789012")]
        public void NeverTakesTwoDifferentIdsForOne(string first, string second)
        {
            var seen = new SeenTaskIds();
            Assert.True(seen.Add(first));
            Assert.True(seen.Add(second));
            Assert.False(seen.Add(first));
            Assert.False(seen.Add(second));
            Assert.Equal(2, seen.Count);
        }

        [Fact]
        public void KeepsVendorShapedIdsAsNumbersAndOthersAsText()
        {
            Assert.True(SeenTaskIds.TryEncode("infer-9ia3kc1wt9mp", out var a));
            Assert.True(SeenTaskIds.TryEncode("infer-9ia3kc1wt9mq", out var b));
            Assert.NotEqual(a, b);
            Assert.False(SeenTaskIds.TryEncode("infer-", out _));
            Assert.False(SeenTaskIds.TryEncode("infer-1234567890123", out _));
            Assert.False(SeenTaskIds.TryEncode("job-abc", out _));
            Assert.False(SeenTaskIds.TryEncode("infer-a_b", out _));
        }
    }
}
