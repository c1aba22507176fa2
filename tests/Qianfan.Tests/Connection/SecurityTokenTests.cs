using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Connection;
using Qianfan.Signing;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Connection
{
    /// <summary>
    /// Temporary (STS) credentials: the token goes out as x-bce-security-token and is signed, as
    /// the qf-stop-sts-token vector in tests/data/signing describes; and no secret shows in the context.
    /// </summary>
    public class SecurityTokenTests
    {
        private static JsonElement Vector(string id)
        {
            var path = Path.Combine(SharedFiles.SharedDirectory, "signing", "qianfan-console-vectors.json");
            using (var document = JsonDocument.Parse(File.ReadAllText(path)))
                return document.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id).Clone();
        }

        private static string Text(JsonElement value) => value.GetString() ?? throw new InvalidOperationException("The vector holds null where text belongs.");

        private static string? Header(JsonElement vector, string name) =>
            vector.GetProperty("headers").EnumerateArray()
                .Single(h => string.Equals(h[0].GetString(), name, StringComparison.OrdinalIgnoreCase))[1].GetString();

        private static async Task<RecordedRequest> SendStop(QianfanCredential credential, DateTimeOffset at, int expirationSeconds)
        {
            var console = new ScriptedConsole(_ => ScriptedConsole.Result("true"));
            var client = console.Client(credential, new SessionClock(new FakeClock(at)));
            client.Options.ExpirationSeconds = expirationSeconds;
            await client.SendAsync(ConsoleCall.ForTask("StopBatchInferenceTask", "infer-abc123"), CancellationToken.None);
            return console.Requests.Single();
        }

        [Fact]
        public async Task TheClientSendsAndSignsTheTokenAsTheVectorDoes()
        {
            var vector = Vector("qf-stop-sts-token");
            var token = Header(vector, "x-bce-security-token");
            var credential = QianfanCredential.FromPlainText(vector.GetProperty("ak").GetString(), vector.GetProperty("sk").GetString(), token);
            var at = DateTimeOffset.FromUnixTimeSeconds(vector.GetProperty("timestamp_unix").GetInt64());

            var sent = await SendStop(credential, at, vector.GetProperty("expiration_seconds").GetInt32());

            Assert.Equal(token, sent.Headers["x-bce-security-token"]);
            var authorization = sent.Headers["authorization"];
            var signedHeaders = authorization.Split('/')[4].Split(';');
            Assert.Contains("x-bce-security-token", signedHeaders);

            // The client's signature verifies over what it sent...
            var secret = Encoding.UTF8.GetBytes(Text(vector.GetProperty("sk")));
            var asSent = BceV1Signer.Sign(SigningRequest(sent, signedHeaders), credential.AccessKey, secret, at, 1800);
            Assert.Equal(asSent.Authorization, authorization);

            // ...and what it sent carries exactly the vector's host, date and token: signed over the vector's
            // header choice, it reproduces the vector's authorization.
            var vectorHeaders = vector.GetProperty("headers_to_sign").EnumerateArray().Select(Text).ToArray();
            var asVector = BceV1Signer.Sign(SigningRequest(sent, vectorHeaders), credential.AccessKey, secret, at, 1800);
            Assert.Equal(vector.GetProperty("expected").GetProperty("authorization").GetString(), asVector.Authorization);
        }

        [Fact]
        public async Task WithoutATokenNoTokenHeaderIsSentOrSigned()
        {
            var sent = await SendStop(QianfanCredential.FromPlainText("AKNOTOKEN0000000000", "sk"), DateTimeOffset.UtcNow, 1800);

            Assert.False(sent.Headers.ContainsKey("x-bce-security-token"));
            Assert.DoesNotContain("x-bce-security-token", sent.Headers["authorization"]);
        }

        [Theory]
        [InlineData("STS-token/abc==\n")]
        [InlineData("STS-token/abc==\r\n")]
        [InlineData("  STS-token/abc== ")]
        [InlineData("\tSTS-token/abc==\n\n")]
        public async Task ATokenWithSurroundingWhitespaceIsSentSignedAndRedactedTrimmed(string asRead)
        {
            var console = new ScriptedConsole(_ => ScriptedConsole.Result("true"));
            var client = console.Client(QianfanCredential.FromPlainText("AKTOKEN0000000000000", "sk", asRead));
            client.Options.CaptureCanonicalRequest = true;

            var answer = await client.SendAsync(ConsoleCall.ForTask("StopBatchInferenceTask", "infer-abc123"));

            var sent = console.Requests.Single();
            Assert.Equal("STS-token/abc==", sent.Headers["x-bce-security-token"]);
            var canonical = answer.Attempts.Single().CanonicalRequest;
            Assert.Contains("x-bce-security-token:[redacted]", canonical);
            Assert.DoesNotContain("STS-token", canonical);
            Assert.DoesNotContain(BceUriEncoder.Encode("STS-token/abc=="), canonical);
        }

        [Theory]
        [InlineData("Zq7-token\r\nX-Injected: 1")]
        [InlineData("Zq7-token\nmore")]
        [InlineData("Zq7\u001b[2Jtoken")]
        [InlineData("Zq7\u0000token")]
        [InlineData("Zq7-t\u00f6ken")]
        public void ATokenWithAControlCharacterInsideIsRefusedBeforeAnyRequest(string escaped)
        {
            var token = System.Text.RegularExpressions.Regex.Unescape(escaped);

            var fromText = Assert.ThrowsAny<ArgumentException>(() => QianfanCredential.FromPlainText("AKTOKEN0000000000000", "sk", token));
            var fromEnvironment = Assert.ThrowsAny<ArgumentException>(() => KeysAndEndpoint.Resolve(null, null, name =>
                name == KeysAndEndpoint.AccessKeyVariable ? "AKTOKEN0000000000000" :
                name == KeysAndEndpoint.SecretKeyVariable ? "sk" :
                name == KeysAndEndpoint.SecurityTokenVariable ? token : null));

            Assert.Contains(KeysAndEndpoint.SecurityTokenVariable, fromEnvironment.Message);
            // -SecurityToken (a PSCredential needs a real PowerShell) is in tests/pester/NetworkSecurity.Tests.ps1.
            foreach (var problem in new[] { fromText, fromEnvironment })
            {
                Assert.IsType<InvalidSecurityTokenException>(problem);
                Assert.Contains("security token", problem.Message);
                Assert.Contains("No request was sent", problem.Message);
                Assert.DoesNotContain("Zq7", problem.Message);
                Assert.DoesNotContain(problem.Message, char.IsControl);
            }
        }

        [Fact]
        public void ATokenOfWhitespaceOnlyIsNoToken()
        {
            Assert.False(QianfanCredential.FromPlainText("AKTOKEN0000000000000", "sk", " \r\n").HasSecurityToken);
        }

        [Fact]
        public void TheContextShowsWhereSettingsCameFromAndNoSecret()
        {
            var credential = QianfanCredential.FromPlainText("AKCONTEXT1234567890WXYZ", "the-secret-key", "the-session-token");
            var settings = new KeysAndEndpoint(credential, SettingSource.Session, QianfanEndpoint.Parse("http://127.0.0.1:8080"), SettingSource.Environment);

            var context = QianfanContext.From(settings);

            Assert.Equal("AKCO***************WXYZ", context.AccessKey);
            Assert.Equal(SettingSource.Session, context.CredentialSource);
            Assert.True(context.HasSecurityToken);
            Assert.Equal("http://127.0.0.1:8080", context.Endpoint);
            Assert.Equal(SettingSource.Environment, context.EndpointSource);
            foreach (var property in typeof(QianfanContext).GetProperties())
            {
                var shown = Convert.ToString(property.GetValue(context), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                Assert.DoesNotContain("the-secret-key", shown);
                Assert.DoesNotContain("the-session-token", shown);
                Assert.DoesNotContain("AKCONTEXT1234567890WXYZ", shown);
            }
        }

        [Fact]
        public void TheContextWithoutKeysSaysNone()
        {
            var context = QianfanContext.From(new KeysAndEndpoint(null, SettingSource.None, QianfanEndpoint.Default, SettingSource.Default));

            Assert.Null(context.AccessKey);
            Assert.Equal(SettingSource.None, context.CredentialSource);
            Assert.False(context.HasSecurityToken);
            Assert.Equal("https://qianfan.baidubce.com", context.Endpoint);
        }

        private static BceSigningRequest SigningRequest(RecordedRequest sent, IReadOnlyCollection<string> headersToSign) =>
            new BceSigningRequest("POST", sent.Path,
                new[] { new KeyValuePair<string, string?>("Action", sent.Action) },
                sent.Headers.Where(h => headersToSign.Contains(h.Key)).Select(h => new KeyValuePair<string, string?>(h.Key, h.Value)).ToList(),
                headersToSign.ToArray());
    }
}
