using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client.Retry;
using Qianfan.Protocol;
using Qianfan.Signing;

namespace Qianfan.Client.Http
{
    /// <summary>
    /// Sends console actions: signs each attempt afresh, retries what is safe to retry, and ends
    /// either in the answer's <c>result</c> or in one QianfanServiceException.
    /// </summary>
    internal sealed class ConsoleClient
    {
        private static readonly MediaTypeHeaderValue JsonContentType = new MediaTypeHeaderValue("application/json");
        private readonly ConsoleClientOptions _options;
        private readonly HttpClient _http;

        public ConsoleClient(ConsoleClientOptions options, HttpClient? http = null)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _http = http ?? QianfanHttp.Shared;
        }

        public ConsoleClientOptions Options => _options;

        /// <summary>
        /// Sends one call through the run's gate (<see cref="ConsoleClientOptions.Gate"/>) and retries it:
        /// throttled attempts until the whole run stalls (<see cref="IRequestGate.ThrottleTimeout"/>), other
        /// transient failures up to the retry policy's count, an expired signature once after the clock is corrected.
        /// </summary>
        /// <exception cref="QianfanServiceException">The call failed; its attempts are attached.</exception>
        /// <exception cref="RunHaltedException">The run stopped sending before this call's first attempt.</exception>
        public async Task<ConsoleResult> SendAsync(ConsoleCall call, CancellationToken cancellationToken = default)
        {
            var gate = _options.Gate;
            var attempts = new List<AttemptRecord>();
            var total = ClockWatch.StartNew(_options.Time);
            var retries = 0;
            var throttles = 0;
            var clockCorrected = false;
            var mayHaveReached = false;
            QianfanServiceException? last = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IRequestAdmission admission;
                try
                {
                    admission = await gate.EnterAsync(cancellationToken, retry: attempts.Count > 0).ConfigureAwait(false);
                }
                catch (RunHaltedException) when (last != null && (mayHaveReached || last.MayHaveReachedService))
                {
                    // An attempt may have been carried out: the id ends in its own last failure, not as unattempted.
                    throw last.EndingCall(attempts.ToArray(), mayHaveReached);
                }
                TimeSpan? wait;
                // The call's ending is told to the gate before its place is freed: a stop it causes
                // (the run's breaker, -ErrorAction Stop) then comes before any later request starts.
                using (admission)
                {
                    try
                    {
                        var result = await SendOnceAsync(call, attempts, admission, cancellationToken).ConfigureAwait(false);
                        gate.CallEnded(null);
                        var answered = attempts[attempts.Count - 1];
                        return new ConsoleResult(result, answered.RequestId, answered.HttpStatus ?? 200, attempts, total.Elapsed, mayHaveReached);
                    }
                    catch (QianfanServiceException failure)
                    {
                        last = failure;
                        if (!clockCorrected && IsClockSkew(failure))
                        {
                            // The clock was corrected as the answer came in (SendOnceAsync); try once more, at once.
                            clockCorrected = true;
                            wait = null;
                        }
                        else if (failure.IsThrottling && !gate.ThrottledTooLong)
                        {
                            // Throttling is the service pacing the run, not a failure of this id: it does not use up the retries.
                            wait = _options.RetryPolicy.DelayBefore(++throttles, failure.RetryAfter);
                        }
                        else if (!failure.IsThrottling && RetryPolicy.IsTransient(failure) && retries < _options.RetryPolicy.MaxRetryCount)
                        {
                            mayHaveReached |= failure.MayHaveReachedService;
                            wait = _options.RetryPolicy.DelayBefore(++retries, failure.RetryAfter);
                        }
                        else
                        {
                            var final = failure.EndingCall(attempts.ToArray(), mayHaveReached, failure.IsThrottling ? gate.ThrottleTimeout : (TimeSpan?)null);
                            gate.CallEnded(final, call.TakenAsDone?.Invoke(final) == true);
                            throw final;
                        }
                    }
                }
                if (wait.HasValue) await _options.Time.Delay(wait.Value, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<JsonElement> SendOnceAsync(ConsoleCall call, List<AttemptRecord> attempts, IRequestAdmission admission, CancellationToken cancellationToken)
        {
            var attemptNumber = attempts.Count + 1;
            var watch = ClockWatch.StartNew(_options.Time);
            string? canonical;
            using (var request = BuildSignedRequest(call, out canonical))
            using (var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptLimit.CancelAfter(_options.AttemptTimeout);
                HttpResponseMessage? response = null;
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptLimit.Token).ConfigureAwait(false);
                    var body = await ReadBodyAsync(call.Action, response, attemptLimit.Token).ConfigureAwait(false);
                    var limit = RateLimitHeaders.RequestsPerMinute(response);
                    if (limit.HasValue) admission.ServiceLimit(limit.Value, RateLimitHeaders.Remaining(response));
                    string? requestId = null;
                    try
                    {
                        var result = ResponseInterpreter.Interpret(call.Action, response, body, _options.Time, out requestId);
                        admission.Accepted();
                        attempts.Add(new AttemptRecord(call.Action, attemptNumber, (int)response.StatusCode, requestId, watch.Elapsed, AttemptRecord.Succeeded, canonical));
                        return result;
                    }
                    catch (QianfanServiceException failure)
                    {
                        if (failure.IsThrottling) admission.Throttled();
                        else admission.Accepted();
                        attempts.Add(new AttemptRecord(call.Action, attemptNumber, failure.HttpStatus, failure.RequestId, watch.Elapsed,
                            failure.ErrorCode ?? "not the service's JSON", canonical));
                        // Adopt the service's time at once, while this attempt still holds its place at the
                        // gate, so that the requests waiting behind it are signed with the corrected clock.
                        if (IsClockSkew(failure)) ClockCorrection.Apply(_options.Clock, failure);
                        throw;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    var seconds = (int)Math.Round(_options.AttemptTimeout.TotalSeconds);
                    attempts.Add(new AttemptRecord(call.Action, attemptNumber, null, null, watch.Elapsed, AttemptRecord.TimedOut, canonical));
                    var timeout = new QianfanServiceException(FailureKind.Timeout, call.Action, null, null, null, null,
                        $"no answer within {seconds} s (raise -TimeoutSec if the service is slow)") { MayHaveReachedService = true, Attempts = attempts.ToArray() };
                    // Told while this attempt still holds its place: a silent endpoint stops new ids before the next one starts.
                    admission.Unanswered(timeout);
                    throw timeout;
                }
                catch (Exception error) when (error is HttpRequestException || error is IOException || error is SocketException)
                {
                    var problem = ConnectionFailures.Classify(error);
                    attempts.Add(new AttemptRecord(call.Action, attemptNumber, null, null, watch.Elapsed, ConnectionFailures.ShortName(problem), canonical));
                    throw new QianfanServiceException(FailureKind.Connection, call.Action, null, null, null, null,
                        ConnectionFailures.Describe(error, problem, ConnectionRoute.Describe(_options.Endpoint)), error)
                    {
                        Connection = problem,
                        MayHaveReachedService = problem == ConnectionProblem.Broken,
                    };
                }
                finally
                {
                    response?.Dispose();
                }
            }
        }

        private static bool IsClockSkew(QianfanServiceException failure) =>
            failure.ErrorCode == ServiceProtocol.ErrorCodes.RequestExpired && failure.ServerDate.HasValue;

        private HttpRequestMessage BuildSignedRequest(ConsoleCall call, out string? canonicalForDebug)
        {
            var endpoint = _options.Endpoint;
            var credential = _options.Credential;
            var now = _options.Clock.UtcNow;
            var timestamp = BceV1Signer.FormatTimestamp(now);
            var token = credential.SecurityTokenText();

            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.BaseUri, call.Route + "?" + ServiceProtocol.Route.ActionParameter + "=" + Uri.EscapeDataString(call.Action)));
            request.Headers.Host = endpoint.HostHeader;
            request.Headers.TryAddWithoutValidation(ServiceProtocol.Headers.BceDate, timestamp);
            if (token != null) request.Headers.TryAddWithoutValidation(ServiceProtocol.Headers.SecurityToken, token);
            request.Content = new ByteArrayContent(call.JsonBody);
            request.Content.Headers.ContentType = JsonContentType;

            var signedHeaders = new List<KeyValuePair<string, string?>>
            {
                new KeyValuePair<string, string?>(ServiceProtocol.Headers.Host, endpoint.HostHeader),
                new KeyValuePair<string, string?>(ServiceProtocol.Headers.BceDate, timestamp),
                new KeyValuePair<string, string?>(ServiceProtocol.Headers.ContentType, JsonContentType.MediaType),
            };
            if (token != null) signedHeaders.Add(new KeyValuePair<string, string?>(ServiceProtocol.Headers.SecurityToken, token));
            var signingRequest = new BceSigningRequest("POST", call.Route,
                new[] { new KeyValuePair<string, string?>(ServiceProtocol.Route.ActionParameter, call.Action) }, signedHeaders, null);

            var secret = credential.SecretKeyUtf8();
            try
            {
                var signature = BceV1Signer.Sign(signingRequest, credential.AccessKey, secret, now, _options.ExpirationSeconds);
                request.Headers.TryAddWithoutValidation(ServiceProtocol.Headers.Authorization, signature.Authorization);
                canonicalForDebug = _options.CaptureCanonicalRequest ? CanonicalRequestRedaction.Redact(signature.CanonicalRequest("POST")) : null;
            }
            finally
            {
                Array.Clear(secret, 0, secret.Length);
            }
            return request;
        }

        private async Task<byte[]> ReadBodyAsync(string action, HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var limit = _options.MaxResponseBytes;
            if (response.Content == null) return Array.Empty<byte>();
            if (response.Content.Headers.ContentLength > limit) throw ResponseInterpreter.TooLarge(action, response, limit, _options.Time);
            // .NET Framework's handler stops honouring the token once the headers are in: a body that stalls
            // would hold the read past -TimeoutSec and Ctrl+C. Disposing the response ends any read at once.
            using (cancellationToken.Register(state => ((HttpResponseMessage)state!).Dispose(), response))
            {
                try
                {
                    using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                    using (var buffer = new MemoryStream())
                    {
                        var chunk = new byte[16 * 1024];
                        int read;
                        while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            if (buffer.Length + read > limit) throw ResponseInterpreter.TooLarge(action, response, limit, _options.Time);
                            buffer.Write(chunk, 0, read);
                        }
                        return buffer.ToArray();
                    }
                }
                catch (Exception cut) when (!(cut is OperationCanceledException) && cancellationToken.IsCancellationRequested)
                {
                    // The read ended because the response was disposed under it: that is the time limit or Ctrl+C.
                    throw new OperationCanceledException("The answer's body did not arrive in time.", cut, cancellationToken);
                }
            }
        }

    }
}
