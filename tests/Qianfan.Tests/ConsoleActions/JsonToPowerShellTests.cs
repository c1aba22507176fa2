using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Qianfan.Client;
using Xunit;

namespace Qianfan.Tests.ConsoleActions
{
    /// <summary>
    /// The conversion rules, checked with plain lists standing in for PSCustomObject (which needs a
    /// PowerShell host; the Pester suite covers that end).
    /// </summary>
    public class JsonToPowerShellTests
    {
        private static object Convert(string json)
        {
            using (var document = JsonDocument.Parse(json))
                return JsonToPowerShell.Convert(document.RootElement, members => members.ToList());
        }

        private static List<KeyValuePair<string, object>> AsObject(object value) => Assert.IsType<List<KeyValuePair<string, object>>>(value);

        [Fact]
        public void NestedObjectsAndArraysArePreservedInOrder()
        {
            var result = AsObject(Convert(@"{""taskList"": [{""taskId"": ""a"", ""params"": {""k"": [1, [2, 3]]}}], ""pageInfo"": {""isTruncated"": false}}"));

            Assert.Equal(new[] { "taskList", "pageInfo" }, result.Select(m => m.Key));
            var list = Assert.IsType<object[]>(result[0].Value);
            var first = AsObject(Assert.Single(list));
            Assert.Equal("a", first[0].Value);
            var inner = AsObject(first[1].Value);
            var array = Assert.IsType<object[]>(inner[0].Value);
            Assert.Equal(1, array[0]);
            Assert.Equal(new object[] { 2, 3 }, Assert.IsType<object[]>(array[1]));
            Assert.Equal(false, AsObject(result[1].Value)[0].Value);
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
        public void ScalarsAndNull()
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

            Assert.Equal(2, result.Count);
            Assert.Equal("A", result[0].Key);
            Assert.Equal(3, result[0].Value);
        }

        [Fact]
        public void AnAbsentValueIsNull()
        {
            Assert.Null(JsonToPowerShell.Convert(default(JsonElement)));
        }
    }
}
