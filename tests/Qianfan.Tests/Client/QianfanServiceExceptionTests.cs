using System;
using System.Linq;
using System.Reflection;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Xunit;

namespace Qianfan.Tests.Client
{
    /// <summary>A failure is complete once built: nothing learnt later changes an instance already handed on.</summary>
    public class QianfanServiceExceptionTests
    {
        private static readonly AttemptRecord[] TwoAttempts =
        {
            new AttemptRecord(ServiceProtocol.Actions.StopBatchInferenceTask, 1, null, null, TimeSpan.Zero, AttemptRecord.TimedOut, null),
            new AttemptRecord(ServiceProtocol.Actions.StopBatchInferenceTask, 2, 429, "rid-2", TimeSpan.Zero, "RequestLimitExceeded", null),
        };

        // The module declares its own IsExternalInit for netstandard2.0: match the marker by name.
        private static bool IsInitOnly(Type modifier) => modifier.FullName == "System.Runtime.CompilerServices.IsExternalInit";

        [Fact]
        public void NoPropertyCanBeSetOnceTheExceptionIsBuilt()
        {
            var settable = typeof(QianfanServiceException)
                .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(property => property.SetMethod != null &&
                                   !property.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(IsInitOnly))
                .Select(property => property.Name)
                .ToList();

            Assert.NotEmpty(typeof(QianfanServiceException).GetProperties());
            Assert.Empty(settable);
        }

        [Fact]
        public void TheFailureACallEndsInIsACopyWithTheWholeCallAndTheAttemptsFailureIsLeftAsItWas()
        {
            var attempt = new QianfanServiceException(FailureKind.Service, ServiceProtocol.Actions.StopBatchInferenceTask, 429,
                "RequestLimitExceeded", "slow down", "rid-2", "detail", new InvalidOperationException("inner"))
            {
                RetryAfter = TimeSpan.FromSeconds(3),
                ServerDate = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
                MayHaveReachedService = true,
                Connection = ConnectionProblem.Broken,
                Attempts = TwoAttempts.Take(1).ToArray(),
            };

            var ending = attempt.EndingCall(TwoAttempts, earlierAttemptMayHaveReachedService: true, TimeSpan.FromSeconds(300));

            Assert.NotSame(attempt, ending);
            Assert.Equal(TwoAttempts, ending.Attempts);
            Assert.True(ending.EarlierAttemptMayHaveReachedService);
            Assert.Equal(TimeSpan.FromSeconds(300), ending.ThrottledWithoutProgress);
            Assert.Equal(attempt.Message, ending.Message);
            Assert.Same(attempt.InnerException, ending.InnerException);
            Assert.Equal((attempt.Kind, attempt.ActionName, attempt.HttpStatus, attempt.ErrorCode, attempt.ServiceMessage, attempt.RequestId, attempt.Detail),
                (ending.Kind, ending.ActionName, ending.HttpStatus, ending.ErrorCode, ending.ServiceMessage, ending.RequestId, ending.Detail));
            Assert.Equal((attempt.RetryAfter, attempt.ServerDate, attempt.MayHaveReachedService, attempt.Connection),
                (ending.RetryAfter, ending.ServerDate, ending.MayHaveReachedService, ending.Connection));

            Assert.Single(attempt.Attempts);
            Assert.False(attempt.EarlierAttemptMayHaveReachedService);
            Assert.Null(attempt.ThrottledWithoutProgress);
        }
    }
}
