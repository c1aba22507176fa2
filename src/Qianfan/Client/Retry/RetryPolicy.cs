using System;

namespace Qianfan.Client.Retry
{
    /// <summary>Which failures are worth another attempt, and how long to wait before it (exponential backoff, full jitter).</summary>
    internal sealed class RetryPolicy
    {
        public const int DefaultMaxRetryCount = 3;

        private readonly Random _random;
        private readonly object _randomLock = new object();

        public RetryPolicy(int maxRetryCount = DefaultMaxRetryCount, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null,
            TimeSpan? maxRetryAfter = null, int? seed = null)
        {
            if (maxRetryCount < 0) throw new ArgumentOutOfRangeException(nameof(maxRetryCount));
            MaxRetryCount = maxRetryCount;
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(100);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(20);
            MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromSeconds(120);
            _random = seed.HasValue ? new Random(seed.Value) : new Random();
        }

        public int MaxRetryCount { get; }
        public TimeSpan BaseDelay { get; }
        public TimeSpan MaxDelay { get; }

        /// <summary>The longest Retry-After honoured; a longer one is treated as this, so a run cannot hang for hours.</summary>
        public TimeSpan MaxRetryAfter { get; }

        public static bool IsTransient(QianfanServiceException failure)
        {
            if (failure.IsThrottling) return true;
            switch (failure.Kind)
            {
                case FailureKind.Connection:
                case FailureKind.Timeout:
                    return true;
                case FailureKind.Service:
                case FailureKind.InvalidResponse:
                case FailureKind.UnexpectedAnswer:
                    return failure.HttpStatus.HasValue && IsTransientStatus(failure.HttpStatus.Value);
                default:
                    return false;
            }
        }

        public static bool IsTransientStatus(int status) =>
            status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        /// <summary>
        /// The wait before retry number <paramref name="retry"/> (1-based): a jittered exponential
        /// backoff, but never sooner than the service's Retry-After (capped at <see cref="MaxRetryAfter"/>).
        /// </summary>
        public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
        {
            var ceilingMs = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1)));
            double fraction;
            lock (_randomLock) fraction = _random.NextDouble();
            var backoff = TimeSpan.FromMilliseconds(ceilingMs * fraction);
            if (!retryAfter.HasValue) return backoff;
            var asked = retryAfter.Value < TimeSpan.Zero ? TimeSpan.Zero : (retryAfter.Value > MaxRetryAfter ? MaxRetryAfter : retryAfter.Value);
            return asked > backoff ? asked : backoff;
        }
    }
}
