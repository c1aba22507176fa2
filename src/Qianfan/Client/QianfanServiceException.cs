using System;
using System.Collections.Generic;
using System.Text;
using Qianfan.Client.Errors;
using Qianfan.Client.Http;
using Qianfan.Client.Retry;

namespace Qianfan.Client
{
    /// <summary>
    /// The one exception type every failed console call ends in: what went wrong, with the
    /// service's own code, message and request id when it answered. Never carries secrets: a URL's
    /// user information is masked in the detail and in any inner exception. Complete once built: what
    /// is learnt later of the call (its attempts, a stall) goes into a copy (<see cref="EndingCall"/>), so
    /// an instance already handed on never changes under its holder.
    /// </summary>
    public sealed class QianfanServiceException : Exception
    {
        public QianfanServiceException(FailureKind kind, string action, int? httpStatus, string? errorCode,
            string? serviceMessage, string? requestId, string? detail = null, Exception? inner = null)
            : base(Compose(kind, action, httpStatus, errorCode, serviceMessage, requestId, UrlText.Masked(detail)), UrlSafeException.Of(inner))
        {
            Kind = kind;
            ActionName = action;
            HttpStatus = httpStatus;
            ErrorCode = errorCode;
            ServiceMessage = serviceMessage;
            RequestId = requestId;
            Detail = UrlText.Masked(detail);
        }

        /// <summary>A copy, for <see cref="EndingCall"/>: the message and inner exception are already masked.</summary>
        private QianfanServiceException(QianfanServiceException original)
            : base(original.Message, original.InnerException)
        {
            Kind = original.Kind;
            ActionName = original.ActionName;
            HttpStatus = original.HttpStatus;
            ErrorCode = original.ErrorCode;
            ServiceMessage = original.ServiceMessage;
            RequestId = original.RequestId;
            Detail = original.Detail;
            RetryAfter = original.RetryAfter;
            ServerDate = original.ServerDate;
            MayHaveReachedService = original.MayHaveReachedService;
            EarlierAttemptMayHaveReachedService = original.EarlierAttemptMayHaveReachedService;
            Connection = original.Connection;
            ThrottledWithoutProgress = original.ThrottledWithoutProgress;
            Attempts = original.Attempts;
        }

        public FailureKind Kind { get; }
        public string ActionName { get; }
        public int? HttpStatus { get; }
        public string? ErrorCode { get; }
        public string? ServiceMessage { get; }
        public string? RequestId { get; }
        public string? Detail { get; }

        /// <summary>How long the service asked us to wait (Retry-After), if it said.</summary>
        public TimeSpan? RetryAfter { get; internal init; }

        /// <summary>The service's clock from its Date header, for skew correction.</summary>
        public DateTimeOffset? ServerDate { get; internal init; }

        /// <summary>True when this attempt may have been carried out although no answer came (timeout, dropped connection).</summary>
        public bool MayHaveReachedService { get; internal init; }

        /// <summary>True when an earlier attempt of the same call may have been carried out.</summary>
        public bool EarlierAttemptMayHaveReachedService { get; internal init; }

        /// <summary>Why no answer came, for a failure of kind Connection.</summary>
        public ConnectionProblem Connection { get; internal init; }

        /// <summary>True when the service said "too many requests" (HTTP 429 or a throttling code, see <see cref="ThrottlingSignals"/>).</summary>
        public bool IsThrottling => (Kind == FailureKind.Service || Kind == FailureKind.InvalidResponse) && ThrottlingSignals.IsThrottling(HttpStatus, ErrorCode);

        /// <summary>Set when the id failed because the run was throttled with nothing getting through for this long.</summary>
        public TimeSpan? ThrottledWithoutProgress { get; internal init; }

        /// <summary>Every attempt of the call, in order.</summary>
        internal IReadOnlyList<AttemptRecord> Attempts { get; init; } = Array.Empty<AttemptRecord>();

        /// <summary>
        /// The failure a call ends in: this attempt's failure with every attempt of the call, whether an
        /// earlier one may have been carried out, and how long the run had been throttled without progress
        /// when that is why it ended.
        /// </summary>
        internal QianfanServiceException EndingCall(IReadOnlyList<AttemptRecord> attempts, bool earlierAttemptMayHaveReachedService,
            TimeSpan? throttledWithoutProgress = null) =>
            new QianfanServiceException(this)
            {
                Attempts = attempts,
                EarlierAttemptMayHaveReachedService = earlierAttemptMayHaveReachedService,
                ThrottledWithoutProgress = throttledWithoutProgress ?? ThrottledWithoutProgress,
            };

        private static string Compose(FailureKind kind, string action, int? httpStatus, string? errorCode,
            string? serviceMessage, string? requestId, string? detail)
        {
            var text = new StringBuilder();
            switch (kind)
            {
                case FailureKind.Service:
                    text.Append(action).Append(" was refused by the service: ").Append(errorCode ?? "(no code)");
                    if (serviceMessage is { Length: > 0 }) text.Append(": ").Append(serviceMessage.TrimEnd('.')).Append('.');
                    else text.Append('.');
                    break;
                case FailureKind.Connection:
                    text.Append(action).Append(" got no answer: the connection failed");
                    break;
                case FailureKind.Timeout:
                    text.Append(action).Append(" got no answer in time");
                    break;
                case FailureKind.InvalidResponse:
                    text.Append(action).Append(" got an answer that is not the service's JSON");
                    break;
                case FailureKind.UnexpectedAnswer:
                    text.Append(action).Append(" got an answer from the service that it cannot use");
                    break;
                default:
                    text.Append(action).Append(" failed on this machine");
                    break;
            }
            if (detail is { Length: > 0 }) text.Append(kind == FailureKind.Service ? " " : ": ").Append(detail.TrimEnd('.')).Append('.');
            else if (kind != FailureKind.Service) text.Append('.');
            if (httpStatus.HasValue) text.Append(" HTTP status ").Append(httpStatus.Value).Append('.');
            if (!string.IsNullOrEmpty(requestId)) text.Append(" Request id ").Append(requestId).Append('.');
            return text.ToString();
        }
    }
}
