using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text;
using System.Text.Json;
using Qianfan.Connection;
using Qianfan.Conversion;
using Xunit;

namespace Qianfan.Tests.Conversion
{
    public class ConsoleBodyTests
    {
        private static string Json(object? body) => Encoding.UTF8.GetString(ConsoleBody.ToJson(body));

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void NoBodyIsAnEmptyObject(string? body)
        {
            Assert.Equal("{}", Json(body));
        }

        [Fact]
        public void JsonTextOfAnObjectIsSentAsGiven()
        {
            const string text = "{\"taskId\": \"infer-1\", \"nested\": {\"a\": [1, 2]}}";
            Assert.Equal(text, Json(text));
        }

        [Theory]
        [InlineData("{\"taskId\": ")]
        [InlineData("taskId=infer-1")]
        public void TextThatIsNotJsonIsRefused(string text)
        {
            var problem = Assert.Throws<ArgumentException>(() => ConsoleBody.ToJson(text));
            Assert.Contains("not valid JSON", problem.Message);
        }

        [Theory]
        [InlineData("[1, 2]", "array")]
        [InlineData("\"infer-1\"", "string")]
        [InlineData("42", "number")]
        public void JsonTextThatIsNotAnObjectIsRefused(string text, string kind)
        {
            var problem = Assert.Throws<ArgumentException>(() => ConsoleBody.ToJson(text));
            Assert.Contains("JSON " + kind, problem.Message);
        }

        [Fact]
        public void AnOrderedDictionaryKeepsItsOrderAndNests()
        {
            var body = new OrderedDictionary
            {
                ["name"] = "nightly",
                ["inferenceParams"] = new Hashtable { ["temperature"] = 0.8 },
                ["runStatus"] = new object[] { "Running", "Failed" },
                ["maxKeys"] = 100,
                ["pageReverse"] = false,
                ["marker"] = null,
            };

            Assert.Equal(
                "{\"name\":\"nightly\",\"inferenceParams\":{\"temperature\":0.8},\"runStatus\":[\"Running\",\"Failed\"],\"maxKeys\":100,\"pageReverse\":false,\"marker\":null}",
                Json(body));
        }

        [Fact]
        public void GenericDictionariesListsAndWideNumbersWork()
        {
            var body = new Dictionary<string, object> { ["ids"] = new List<string> { "a", "b" }, ["count"] = 2L, ["big"] = 12345678901234567890UL };
            Assert.Equal("{\"ids\":[\"a\",\"b\"],\"count\":2,\"big\":12345678901234567890}", Json(body));
        }

        [Fact]
        public void DatesAreSentAsUtcInTheServicesFormat()
        {
            var local = new DateTimeOffset(2025, 1, 2, 11, 4, 5, TimeSpan.FromHours(8));
            var body = new Hashtable { ["at"] = local, ["utc"] = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc) };

            var sent = JsonDocument.Parse(Json(body)).RootElement;

            Assert.Equal("2025-01-02T03:04:05Z", sent.GetProperty("at").GetString());
            Assert.Equal("2025-01-02T03:04:05Z", sent.GetProperty("utc").GetString());
        }

        [Fact]
        public void ATaskIsSentWithTheServicesFieldNamesAndValues()
        {
            const string task = "{\"taskId\":\"infer-1\",\"name\":\"nightly\",\"runStatus\":\"Running\",\"createTime\":\"2025-01-02T03:04:05Z\",\"queuePosition\":3}";
            BatchTask parsed;
            using (var document = JsonDocument.Parse(task))
                parsed = BatchTask.FromJson(document.RootElement);

            Assert.Equal(task, Json(parsed));
            Assert.Equal("{\"task\":" + task + "}", Json(new Hashtable { ["task"] = parsed }));
        }

        [Fact]
        public void EnumsGuidsAndCharactersAreText()
        {
            var id = Guid.Parse("0c4e8a2f-6b1d-4f3a-8e7c-2d9b5a1f3e6c");
            var body = new OrderedDictionary { ["kind"] = DayOfWeek.Monday, ["id"] = id, ["c"] = 'x' };

            Assert.Equal("{\"kind\":\"Monday\",\"id\":\"0c4e8a2f-6b1d-4f3a-8e7c-2d9b5a1f3e6c\",\"c\":\"x\"}", Json(body));
        }

        [Theory]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        public void NumbersJsonCannotCarryAreRefusedByName(double value)
        {
            var problem = Assert.Throws<ArgumentException>(() => ConsoleBody.ToJson(new Hashtable { ["temperature"] = value }));
            Assert.Contains("body.temperature", problem.Message);
        }

        [Fact]
        public void ABodyThatContainsItselfIsRefusedInsteadOfOverflowing()
        {
            var body = new Hashtable();
            body["self"] = body;

            var problem = Assert.Throws<ArgumentException>(() => ConsoleBody.ToJson(body));
            Assert.Contains("deeper than " + ConsoleBody.MaxDepth, problem.Message);
        }

        [Theory]
        [MemberData(nameof(NotObjects))]
        public void AListOrASingleValueIsNotABody(object body)
        {
            var problem = Assert.Throws<ArgumentException>(() => ConsoleBody.ToJson(body));
            Assert.Contains("must be a JSON object", problem.Message);
        }

        public static IEnumerable<object[]> NotObjects() => new[]
        {
            new object[] { new object[] { new Hashtable() } },
            new object[] { 42 },
            new object[] { true },
        };

        [Fact]
        public void ASecretIsNeverPutInABody()
        {
            var secret = QianfanCredential.ToSecureString("do-not-send");
            var problem = Assert.Throws<ArgumentException>(() => ConsoleBody.ToJson(new Hashtable { ["token"] = secret }));
            Assert.Contains("secret", problem.Message);
            Assert.DoesNotContain("do-not-send", problem.Message);
        }
    }
}
