using System;
using System.Linq;
using System.Management.Automation;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Cmdlets;
using Qianfan.Protocol;
using Qianfan.Records;
using Qianfan.Runs;
using Qianfan.Tasks;
using Xunit;

namespace Qianfan.Tests.Records
{
    /// <summary>The error records users filter, catch and read: id, category, target, message and advice.</summary>
    public class ErrorRecordFactoryTests
    {
        private const string Command = "Stop-QianfanBatchTask";

        private static QianfanServiceException Refusal(string code, int status, string action = ServiceProtocol.Actions.StopBatchInferenceTask) =>
            new QianfanServiceException(FailureKind.Service, action, status, code, "the service says no", "rid-1");

        private static AttemptRecord[] Attempts(int count) =>
            Enumerable.Range(1, count).Select(n => new AttemptRecord(ServiceProtocol.Actions.StopBatchInferenceTask, n, 503, "rid-" + n, TimeSpan.Zero, "ServiceUnavailable", null)).ToArray();

        [Theory]
        [InlineData(ServiceProtocol.ErrorCodes.ResourceNotFound, 404, ErrorCategory.ObjectNotFound)]
        [InlineData(ServiceProtocol.ErrorCodes.AccessDenied, 403, ErrorCategory.PermissionDenied)]
        [InlineData(ServiceProtocol.ErrorCodes.SignatureDoesNotMatch, 403, ErrorCategory.AuthenticationError)]
        [InlineData(ServiceProtocol.ErrorCodes.RequestExpired, 400, ErrorCategory.AuthenticationError)]
        [InlineData(ServiceProtocol.ErrorCodes.InvalidTaskStatus, 400, ErrorCategory.InvalidOperation)]
        [InlineData(BatchTaskExecutor.ResultFalse, 200, ErrorCategory.InvalidResult)]
        [InlineData("RequestLimitExceeded", 429, ErrorCategory.LimitsExceeded)]
        [InlineData("InternalError", 500, ErrorCategory.ResourceUnavailable)]
        [InlineData("SomethingNew", 404, ErrorCategory.ObjectNotFound)]
        [InlineData("SomethingNew", 401, ErrorCategory.PermissionDenied)]
        [InlineData("SomethingNew", 400, ErrorCategory.InvalidArgument)]
        public void AServiceRefusalIsNamedByItsCodeAndFiledUnderACategory(string code, int status, ErrorCategory category)
        {
            var record = ErrorRecordFactory.ForFailure(Refusal(code, status), "infer-1", "Stopping task 'infer-1' failed", Command, "infer-1");

            Assert.Equal(code, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
            Assert.Equal("infer-1", record.TargetObject);
            Assert.StartsWith("Stopping task 'infer-1' failed: ", record.ErrorDetails.Message);
            Assert.Contains("the service says no", record.ErrorDetails.Message);
            Assert.Contains("rid-1", record.ErrorDetails.Message);
        }

        [Theory]
        [InlineData(FailureKind.Connection, "ConnectionFailed", ErrorCategory.ConnectionError)]
        [InlineData(FailureKind.Timeout, "Timeout", ErrorCategory.OperationTimeout)]
        [InlineData(FailureKind.InvalidResponse, "InvalidResponse", ErrorCategory.InvalidResult)]
        [InlineData(FailureKind.UnexpectedAnswer, "UnexpectedAnswer", ErrorCategory.InvalidResult)]
        [InlineData(FailureKind.Local, "LocalFailure", ErrorCategory.InvalidArgument)]
        public void AFailureWithoutAServiceCodeIsNamedByItsKind(FailureKind kind, string errorId, ErrorCategory category)
        {
            var failure = new QianfanServiceException(kind, ServiceProtocol.Actions.StopBatchInferenceTask, null, null, null, null, "what happened");

            var record = ErrorRecordFactory.ForFailure(failure, "infer-1", "Stopping task 'infer-1' failed", Command);

            Assert.Equal(errorId, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
        }

        [Fact]
        public void AnUnexpectedExceptionStillNamesItsIdButGivesNoAdvice()
        {
            var record = ErrorRecordFactory.ForFailure(new InvalidOperationException("bug"), "infer-1", "Stopping task 'infer-1' failed", Command);

            Assert.Equal("UnexpectedFailure", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.NotSpecified, record.CategoryInfo.Category);
            Assert.Equal("infer-1", record.TargetObject);
            Assert.Equal("Stopping task 'infer-1' failed: bug", record.ErrorDetails.Message);
            Assert.True(string.IsNullOrEmpty(record.ErrorDetails.RecommendedAction), record.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void DeletingARunningTaskAdvisesStoppingItFirstWithTheIdQuoted()
        {
            var failure = Refusal(ServiceProtocol.ErrorCodes.InvalidTaskStatus, 400, ServiceProtocol.Actions.DeleteBatchInferenceTask);

            var record = ErrorRecordFactory.ForFailure(failure, "it's", "Deleting task failed", "Remove-QianfanBatchTask", "it's");

            Assert.Equal("A running task cannot be deleted. Stop it, wait until it has stopped (a stop takes effect later), then delete it: Stop-QianfanBatchTask -TaskId 'it''s' -Wait; Remove-QianfanBatchTask -TaskId 'it''s'",
                record.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void StoppingATaskThatIsNotRunningAdvisesLookingAtItsStatus()
        {
            var record = ErrorRecordFactory.ForFailure(Refusal(ServiceProtocol.ErrorCodes.InvalidTaskStatus, 400), "infer-1", "Stopping failed", Command, "infer-1");

            Assert.Equal("Only a running task can be stopped. See its status with: Get-QianfanBatchTask -TaskId 'infer-1'", record.ErrorDetails.RecommendedAction);
        }

        [Theory]
        [InlineData(ServiceProtocol.ErrorCodes.ResourceNotFound, "Check the id")]
        [InlineData(ServiceProtocol.ErrorCodes.InvalidAccessKeyId, "Check the access key and secret key")]
        [InlineData(ServiceProtocol.ErrorCodes.AccessDenied, "IAM permissions")]
        [InlineData(ServiceProtocol.ErrorCodes.RequestExpired, "Synchronise the clock")]
        [InlineData(BatchTaskExecutor.ResultFalse, "did not carry out the request")]
        public void EachKnownCodeComesWithWhatToDoNext(string code, string advice)
        {
            var record = ErrorRecordFactory.ForFailure(Refusal(code, 400), "infer-1", "Stopping failed", Command, "infer-1");

            Assert.Contains(advice, record.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void OnlyAnAnswerThatIsNotTheServicesJsonBlamesAProxy()
        {
            QianfanServiceException Of(FailureKind kind) =>
                new QianfanServiceException(kind, ServiceProtocol.Actions.DescribeBatchInferenceTasks, 200, null, null, "rid-1", "what was missing");

            var notJson = ErrorRecordFactory.ForFailure(Of(FailureKind.InvalidResponse), null, "Listing failed", Command).ErrorDetails.RecommendedAction;
            var unexpected = ErrorRecordFactory.ForFailure(Of(FailureKind.UnexpectedAnswer), null, "Listing failed", Command).ErrorDetails.RecommendedAction;

            Assert.Contains("proxy", notJson);
            Assert.DoesNotContain("proxy", unexpected);
            Assert.Contains("The service answered", unexpected);
            Assert.Contains("request id", unexpected);
        }

        [Theory]
        [InlineData(ConnectionProblem.Refused, "Nothing listens at the endpoint")]
        [InlineData(ConnectionProblem.NameNotResolved, "does not resolve")]
        [InlineData(ConnectionProblem.SecureChannel, "secure connection")]
        public void AConnectionProblemIsExplainedByWhatFailed(ConnectionProblem problem, string advice)
        {
            var failure = new QianfanServiceException(FailureKind.Connection, ServiceProtocol.Actions.StopBatchInferenceTask, null, null, null, null, "no") { Connection = problem };

            Assert.Contains(advice, ErrorRecordFactory.ForFailure(failure, "infer-1", "Stopping failed", Command).ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void ATransientFailureSaysHowOftenItWasTriedAndHowToRunAgain()
        {
            var retried = Refusal("ServiceUnavailable", 503).EndingCall(Attempts(4), false);
            var once = Refusal("ServiceUnavailable", 503).EndingCall(Attempts(1), false);

            var afterRetries = ErrorRecordFactory.ForFailure(retried, "infer-1", "Stopping failed", Command).ErrorDetails.RecommendedAction;
            var withoutRetries = ErrorRecordFactory.ForFailure(once, "infer-1", "Stopping failed", Command).ErrorDetails.RecommendedAction;

            Assert.Contains("even after 4 attempts", afterRetries);
            Assert.Contains("Run Stop-QianfanBatchTask again later", afterRetries);
            Assert.Contains("was not retried (-MaxRetryCount 0)", withoutRetries);
        }

        [Fact]
        public void ThrottlingThatNeverLetUpNamesTheTimeAndTheRateSettings()
        {
            var failure = Refusal("RequestLimitExceeded", 429).EndingCall(Attempts(1), false, TimeSpan.FromSeconds(300));

            var advice = ErrorRecordFactory.ForFailure(failure, "infer-1", "Stopping failed", Command).ErrorDetails.RecommendedAction;

            Assert.Contains("no request got through for 300 s", advice);
            Assert.Contains("-MaxRequestsPerSecond", advice);
            Assert.Contains("-ThrottleTimeoutSec", advice);
        }

        [Fact]
        public void AnInvalidIdIsShownWithItsControlCharactersEscapedAndNoRequestSent()
        {
            var record = ErrorRecordFactory.InvalidTaskId("infer-\u001b[2J", "it holds a control character");

            Assert.Equal(ErrorRecordFactory.InvalidTaskIdError, record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
            Assert.Equal("infer-\u001b[2J", record.TargetObject);
            Assert.Equal("'infer-\\u001B[2J' is not a valid task id: it holds a control character. No request was sent for it.", record.ErrorDetails.Message);
            Assert.DoesNotContain(record.ErrorDetails.Message, char.IsControl);
        }

        [Fact]
        public void AnObjectThatIsNotAnIdIsTheTargetOfItsOwnError()
        {
            var input = new System.Collections.Hashtable { ["task_id"] = "infer-1" };
            var standIn = NotATaskId.StandInFor(input, "a System.Collections.Hashtable with the keys task_id");

            var record = ErrorRecordFactory.InvalidTaskId(standIn, "it has white space");

            Assert.Equal(ErrorRecordFactory.NotATaskIdError, record.FullyQualifiedErrorId);
            Assert.Same(input, record.TargetObject);
            Assert.StartsWith("A System.Collections.Hashtable with the keys task_id is not a task id", record.ErrorDetails.Message);
        }

        [Theory]
        [InlineData("Task Id", "Owner", "Task Id")]
        [InlineData("task_id", "Owner", "task_id")]
        [InlineData("Provider", "TASK-ID", "TASK-ID")]
        [InlineData("Video", "taskID", "taskID")]
        [InlineData("Provider", "Video", null)]
        public void TheColumnNamedInTheAdviceIsTheOneWithTheWordId(string first, string second, string? expected)
        {
            Assert.Equal(expected, TaskIdTransformationAttribute.IdLikeName(new[] { first, second }));
        }

        [Theory]
        [InlineData("Task Id", "$_.'Task Id'")]
        [InlineData("task_id", "$_.task_id")]
        [InlineData("Bob's id", "$_.'Bob''s id'")]
        public void TheAdviceForAnObjectWithoutAnIdNamesItsOwnColumnQuotedAsPowerShellNeedsIt(string column, string member)
        {
            var input = new System.Collections.Hashtable { ["Owner"] = "ops", [column] = "infer-1" };
            var standIn = NotATaskId.StandInFor(input, "a hashtable", column);

            var record = ErrorRecordFactory.InvalidTaskId(standIn, "not an id");

            Assert.Contains($"ForEach-Object {{ {member} }}", record.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void AHaltedRunListsTheIdsNotAttemptedAsItsTargetAndCountsEveryOutcome()
        {
            var cause = Refusal(ServiceProtocol.ErrorCodes.SignatureDoesNotMatch, 403);
            var halt = new RunHaltedException("SignatureDoesNotMatch", 3, cause);
            var notAttempted = new object[] { "infer-4", "infer-5" };

            var record = ErrorRecordFactory.ForHaltedRun(halt, "Stopping tasks", 1, 3, notAttempted, Command);

            Assert.Equal(ErrorRecordFactory.RunStoppedError, record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
            Assert.Same(notAttempted, record.TargetObject);
            Assert.Contains("3 ids in a row failed with SignatureDoesNotMatch", record.ErrorDetails.Message);
            Assert.Contains("1 done, 3 failed, 2 not attempted", record.ErrorDetails.Message);
            Assert.StartsWith("Check the access key and secret key", record.ErrorDetails.RecommendedAction);
            Assert.EndsWith("Then run Stop-QianfanBatchTask again for the ids that failed and those not attempted: with -ErrorVariable failed, $failed.TargetObject lists them all.",
                record.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void AnEndpointThatStaysSilentSaysSoInTheHaltedRunsError()
        {
            var cause = new QianfanServiceException(FailureKind.Timeout, ServiceProtocol.Actions.StopBatchInferenceTask, null, null, null, null, "no answer within 1 s");
            var halt = RunHaltedException.Unanswered(3, cause);

            var record = ErrorRecordFactory.ForHaltedRun(halt, "Stopping tasks", 0, 32, new object[] { "infer-40" }, Command);

            Assert.Equal(ErrorCategory.OperationTimeout, record.CategoryInfo.Category);
            Assert.Contains("stopped sending: 3 attempts in a row got no answer in time, which does not depend on the id", record.ErrorDetails.Message);
        }

        [Fact]
        public void AConfirmationThatCannotBeAskedSaysHowManyIdsWereLeft()
        {
            var record = ErrorRecordFactory.CannotConfirm(new PSInvalidOperationException("no host to ask."), "infer-7", 3, Command);

            Assert.Equal(ErrorRecordFactory.CannotConfirmError, record.FullyQualifiedErrorId);
            Assert.Equal("infer-7", record.TargetObject);
            Assert.Contains("(no host to ask)", record.ErrorDetails.Message);
            Assert.Contains("that id and 2 more given with it were not attempted", record.ErrorDetails.Message);
            Assert.Contains("-Confirm:$false", record.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void TheStopAccountNamesTenLaterFailuresAtMostAndListsEveryIdNotDoneAsItsTarget()
        {
            var record = ErrorRecordFactory.ForFailure(Refusal(ServiceProtocol.ErrorCodes.ResourceNotFound, 404), "infer-1", "Stopping failed", Command, "infer-1");
            var advice = record.ErrorDetails.RecommendedAction;
            var failedAfter = Enumerable.Range(2, 12).Select(i => "infer-" + i).ToList();
            var notDone = new object?[] { "infer-0", "infer-1" }.Concat(failedAfter).Concat(new[] { "infer-20" }).ToList();

            var ending = ErrorRecordFactory.EndingTheRun(record, 4, failedAfter, 2, notDone, moreInputMayFollow: true);

            var text = ending.ErrorDetails.Message;
            Assert.StartsWith("Stopping failed: ", text);
            Assert.Contains("4 later id(s) already sent were done", text);
            Assert.Contains("12 later id(s) failed as well ('infer-2', ", text);
            Assert.Contains("'infer-11', ...)", text);
            Assert.DoesNotContain("infer-12", text);
            Assert.Contains("; 2 id(s) received were not sent. Ids still to come from the pipeline were not read.", text);
            Assert.Equal(notDone, (object?[])ending.TargetObject);
            Assert.Equal(record.FullyQualifiedErrorId, ending.FullyQualifiedErrorId);
            Assert.Equal(record.CategoryInfo.Category, ending.CategoryInfo.Category);
            Assert.StartsWith(advice, ending.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        }

        [Fact]
        public void TheStopAccountOfTheOnlyIdNotDoneKeepsThatIdAsItsTargetAndCountsNothingItCannotKnow()
        {
            var record = ErrorRecordFactory.ForFailure(Refusal(ServiceProtocol.ErrorCodes.ResourceNotFound, 404), "infer-1", "Stopping failed", Command, "infer-1");

            var ending = ErrorRecordFactory.EndingTheRun(record, 0, Array.Empty<string>(), 0, new object?[] { "infer-1" }, moreInputMayFollow: false);

            Assert.Equal("infer-1", ending.TargetObject);
            Assert.EndsWith("0 id(s) received were not sent.", ending.ErrorDetails.Message);
            Assert.Equal(record.ErrorDetails.RecommendedAction, ending.ErrorDetails.RecommendedAction);
        }
    }
}
