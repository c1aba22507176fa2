using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Qianfan.Conversion;
using Xunit;

namespace Qianfan.Tests.Conversion
{
    /// <summary>The conversion rules, checked on the PSCustomObjects PowerShell users get.</summary>
    public class JsonToPowerShellTests
    {
        private static object? Convert(string json)
        {
            using (var document = JsonDocument.Parse(json))
                return JsonToPowerShell.Convert(document.RootElement);
        }

        private static PSObject AsObject(object? value) => Assert.IsType<PSObject>(value);

        private static string[] Names(PSObject value) => value.Properties.Select(p => p.Name).ToArray();

        [Fact]
        public void NestedObjectsAndArraysArePreservedInOrder()
        {
            var result = AsObject(Convert(@"{""taskList"": [{""taskId"": ""a"", ""params"": {""k"": [1, [2, 3]]}}], ""pageInfo"": {""isTruncated"": false}}"));

            Assert.Equal(new[] { "taskList", "pageInfo" }, Names(result));
            var list = Assert.IsType<object[]>(result.Properties["taskList"].Value);
            var first = AsObject(Assert.Single(list));
            Assert.Equal(new[] { "taskId", "params" }, Names(first));
            Assert.Equal("a", first.Properties["taskId"].Value);
            var array = Assert.IsType<object[]>(AsObject(first.Properties["params"].Value).Properties["k"].Value);
            Assert.Equal(1, array[0]);
            Assert.Equal(new object[] { 2, 3 }, Assert.IsType<object[]>(array[1]));
            Assert.Equal(false, AsObject(result.Properties["pageInfo"].Value).Properties["isTruncated"].Value);
        }

        [Fact]
        public void AnObjectIsAPSCustomObjectWithNoteProperties()
        {
            var result = AsObject(Convert(@"{""taskId"": ""infer-1"", ""runStatus"": ""Running""}"));

            Assert.IsType<PSCustomObject>(result.BaseObject);
            Assert.All(result.Properties, p => Assert.IsType<PSNoteProperty>(p));
            Assert.Equal("Running", result.Properties["RUNSTATUS"].Value);
        }

        [Theory]
        [InlineData("42", typeof(int))]
        [InlineData("-7", typeof(int))]
        [InlineData("12345678901", typeof(long))]
        [InlineData("123456789012345678901234", typeof(decimal))]
        [InlineData("0.8", typeof(double))]
        [InlineData("1e3", typeof(double))]
        [InlineData("2.0", typeof(double))]
        public void NumbersTakeTheSmallestFittingType(string json, System.Type expected)
        {
            Assert.IsType(expected, Convert(json));
        }

        [Fact]
        public void ANumberBeyondDoubleStaysAsItsText()
        {
            Assert.Equal("1e400", Convert("1e400"));
        }

        [Fact]
        public void ScalarsAndNullBecomeTheirPlainValues()
        {
            Assert.Equal(true, Convert("true"));
            Assert.Equal(false, Convert("false"));
            Assert.Null(Convert("null"));
            Assert.Equal("plain", Convert("\"plain\""));
        }

        [Fact]
        public void DateLikeTextStaysText()
        {
            Assert.Equal("2025-01-02T03:04:05Z", Convert("\"2025-01-02T03:04:05Z\""));
        }

        [Fact]
        public void AMemberRepeatedInAnotherCaseIsOnePropertyWithTheLastValue()
        {
            var result = AsObject(Convert(@"{""a"": 1, ""b"": 2, ""A"": 3}"));

            Assert.Equal(new[] { "A", "b" }, Names(result));
            Assert.Equal(3, result.Properties["a"].Value);
        }

        [Fact]
        public void AMemberWithAnEmptyNameIsLeftOutAndTheRestKept()
        {
            var result = AsObject(Convert(@"{"""": 1, ""kept"": 2}"));

            Assert.Equal(new[] { "kept" }, Names(result));
        }

        [Fact]
        public void AnAbsentValueIsNull()
        {
            Assert.Null(JsonToPowerShell.Convert(default(JsonElement)));
        }
    }
}
