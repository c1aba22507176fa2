using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Qianfan.Signing;

namespace Qianfan.Tests.Emulator
{
    /// <summary>One answer from the emulator: status, parsed JSON body and the raw response for headers.</summary>
    internal sealed class ApiReply
    {
        public ApiReply(HttpResponseMessage response, string text)
        {
            Response = response;
            Text = text;
            Body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        public HttpResponseMessage Response { get; }
        public string Text { get; }
        public JsonElement Body { get; }
        public HttpStatusCode Status => Response.StatusCode;
        public string? Code => Body.TryGetProperty("code", out var code) ? code.GetString() : null;
        public string? Message => Body.TryGetProperty("message", out var message) ? message.GetString() : null;
        public JsonElement Result => Body.GetProperty("result");
    }

    /// <summary>
    /// A plain HttpClient that signs each request with BceV1Signer, the way a real client would,
    /// with knobs to sign things wrongly on purpose.
    /// </summary>
    internal sealed class SignedEmulatorClient : IDisposable
    {
        private readonly Uri _baseUri;

        public SignedEmulatorClient(EmulatorServer server)
            : this(server.BaseUri, server.Settings.AccessKey, server.Settings.SecretKey)
        {
            SecurityToken = server.Settings.SecurityToken;
        }

        public SignedEmulatorClient(Uri baseUri, string accessKey, string secretKey)
        {
            _baseUri = baseUri;
            AccessKey = accessKey;
            SecretKey = secretKey;
            Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        }

        public HttpClient Http { get; }
        public string AccessKey { get; set; }
        public string SecretKey { get; set; }
        public string? SecurityToken { get; set; }

        /// <summary>Send x-bce-security-token without signing it.</summary>
        public bool LeaveTokenUnsigned { get; set; }

        public bool SignHost { get; set; } = true;

        /// <summary>Ask for a new connection per request (so a dropped connection is never retried by the handler).</summary>
        public bool CloseConnections { get; set; }

        public Task<ApiReply> CallAsync(string action, object body, DateTimeOffset? timestamp = null, int expirationSeconds = 1800) =>
            SendAsync(action, body as string ?? JsonSerializer.Serialize(body), timestamp, expirationSeconds);

        public async Task<ApiReply> SendAsync(string action, string json, DateTimeOffset? timestamp = null, int expirationSeconds = 1800)
        {
            using var request = BuildRequest(action, json, timestamp ?? DateTimeOffset.UtcNow, expirationSeconds);
            var response = await Http.SendAsync(request);
            return new ApiReply(response, await response.Content.ReadAsStringAsync());
        }

        public HttpRequestMessage BuildRequest(string action, string json, DateTimeOffset timestamp, int expirationSeconds)
        {
            var uri = new Uri(_baseUri, "v2/batchinference?Action=" + Uri.EscapeDataString(action));
            var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (CloseConnections) request.Headers.ConnectionClose = true;

            var date = BceV1Signer.FormatTimestamp(timestamp);
            request.Headers.TryAddWithoutValidation("x-bce-date", date);
            var headers = new List<KeyValuePair<string, string?>>
            {
                new("x-bce-date", date),
                new("content-type", "application/json"),
            };
            if (SignHost) headers.Add(new("host", uri.Authority));
            if (SecurityToken != null)
            {
                request.Headers.TryAddWithoutValidation("x-bce-security-token", SecurityToken);
                if (!LeaveTokenUnsigned) headers.Add(new("x-bce-security-token", SecurityToken));
            }

            var query = new[] { new KeyValuePair<string, string?>("Action", action) };
            var signature = BceV1Signer.Sign(new BceSigningRequest("POST", uri.AbsolutePath, query, headers, null),
                AccessKey, Encoding.UTF8.GetBytes(SecretKey), timestamp, expirationSeconds);
            request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
            return request;
        }

        public async Task<JsonElement> AdminAsync(string method, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_baseUri, "_emulator/" + path));
            if (body != null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"admin {method} {path}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        public void Dispose() => Http.Dispose();
    }
}
