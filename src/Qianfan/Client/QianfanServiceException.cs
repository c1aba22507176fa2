using System;
using System.Collections.Generic;
using System.Text;

namespace Qianfan.Client
{
    /// <summary>
    /// The one exception type every failed console call ends in: what went wrong, with the
    /// service's own code, message and request id when it answered. Never carries secrets: a URL's
    /// user information is masked in the detail and in any inner exception.
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

        public FailureKind Kind { get; }
        public string ActionName { get; }
        public int? HttpStatus { get; }
        public string? ErrorCode { get; }
        public string? ServiceMessage { get; }
        public string? RequestId { get; }
        public string? Detail { get; }

        /// <summary>How long the service asked us to wait (Retry-After), if it said.</summary>
        public TimeSpan? RetryAfter { get; internal set; }

        /// <summary>The service's clock from its Date header, for skew correction.</summary>
        public DateTimeOffset? ServerDate { get; internal set; }

        /// <summary>True when this attempt may have been carried out although no answer came (timeout, dropped connection).</summary>
        public bool MayHaveReachedService { get; internal set; }

        /// <summary>True when an earlier attempt of the same call may have been carried out.</summary>
        public bool EarlierAttemptMayHaveReachedService { get; internal set; }

        /// <summary>Why no answer came, for a failure of kind Connection.</summary>
        public ConnectionProblem Connection { get; internal set; }

        /// <summary>True when the service said "too many requests" (HTTP 429 or a throttling code, see <see cref="ThrottlingSignals"/>).</summary>
        public bool IsThrottling => (Kind == FailureKind.Service || Kind == FailureKind.InvalidResponse) && ThrottlingSignals.IsThrottling(HttpStatus, ErrorCode);

        /// <summary>Set when the id failed because the run was throttled with nothing getting through for this long.</summary>
        public TimeSpan? ThrottledWithoutProgress { get; internal set; }

        /// <summary>Every attempt of the call, in order.</summary>
        internal IReadOnlyList<AttemptRecord> Attempts { get; set; } = Array.Empty<AttemptRecord>();

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
