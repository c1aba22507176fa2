using System.Linq;
using System.Text.Json;
using Qianfan.Tasks;
using Xunit;

namespace Qianfan.Tests.Tasks
{
    public class PlainNamesTests
    {
        private static BatchTask Named(string name)
        {
            using var document = JsonDocument.Parse(JsonSerializer.Serialize(new { taskId = "infer-1", name }));
            return BatchTask.FromJson(document.RootElement);
        }

        [Fact]
        public void APlainNameNoTaskHadIsNotFoundAndPatternsNeverAre()
        {
            var names = new PlainNames(new[] { "nosuch", "Nightly-Eval", "adhoc-*", "report`[1`]" });

            names.Found(Named("nightly-eval"));
            names.Found(Named("adhoc-test"));

            Assert.Equal(new[] { "nosuch", "report`[1`]" }, names.NotFound.ToArray());
        }

        [Fact]
        public void AnEscapedWildcardIsAPlainNameMatchedAsWritten()
        {
            var names = new PlainNames(new[] { "report`[1`]" });

            names.Found(Named("report[1]"));

            Assert.Empty(names.NotFound);
        }
    }
}
