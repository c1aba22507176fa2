using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Qianfan.Client;
using Qianfan.Client.Retry;
using Qianfan.Protocol;
using Qianfan.Runs;
using Qianfan.Tasks;

namespace Qianfan.Records
{
    /// <summary>
    /// Builds the error record for a failed id: an error id that starts with the service's code, a
    /// category users can filter on, the id as target, and what to do next.
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public const string InvalidTaskIdError = "InvalidTaskId";
        public const string NotATaskIdError = "NotATaskId";
        public const string NoCredentialError = "NoCredential";
        public const string InvalidEndpointError = "InvalidEndpoint";
        public const string InvalidSignatureLifetimeError = "InvalidSignatureLifetime";
        public const string InvalidSecurityTokenError = "InvalidSecurityToken";

        public static ErrorRecord ForFailure(Exception failure, object? target, string subject, string command, string? taskIdForAdvice = null)
        {
            var service = failure as QianfanServiceException;
            var record = new ErrorRecord(failure, ErrorId(service), Category(service), target);
            var message = subject + ": " + failure.Message;
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = Advice(service, command, taskIdForAdvice) };
            return record;
        }

        public static ErrorRecord InvalidTaskId(string taskId, string problem)
        {
            if (NotATaskId.TryFind(taskId, out var notAnId)) return NotATaskIdRecord(notAnId);
            var message = $"'{Printable(taskId)}' is not a valid task id: {problem}. No request was sent for it.";
            return new ErrorRecord(new ArgumentException(message), InvalidTaskIdError, ErrorCategory.InvalidArgument, taskId)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = "Correct the id in the input (ids come from Get-QianfanBatchTask or the task creation answer) and run again for it.",
                },
            };
        }

        public const string RunStoppedError = "RunStopped";
        public const string CannotConfirmError = "ConfirmationNotPossible";

        /// <summary>
        /// The one error that closes a run that stopped sending: the cause, the count of ids done, failed
        /// and not attempted, and the not-attempted ids as its target, ready to be run again.
        /// </summary>
        public static ErrorRecord ForHaltedRun(RunHaltedException halt, string activity, int succeeded, int failed, object?[] notAttempted, string command)
        {
            var cause = halt.Cause;
            var message = $"{activity} stopped sending: {halt.Circumstance}, which does not depend on the id, " +
                          $"so every later id would fail alike. {succeeded} done, {failed} failed, {notAttempted.Length} not attempted " +
                          "(this error's TargetObject lists them). Last failure: " + (cause?.Message ?? halt.Message);
            var advice = (Advice(cause, command, null) ?? "Correct the cause above") +
                         $" Then run {command} again for the ids that failed and those not attempted: with -ErrorVariable failed, $failed.TargetObject lists them all.";
            return new ErrorRecord(halt, RunStoppedError, Category(cause), notAttempted)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = advice },
            };
        }

        /// <summary>A confirmation prompt that could not be shown (a non-interactive session) ends the run; say what was left undone.</summary>
        public static ErrorRecord CannotConfirm(Exception problem, string taskId, int idsNotAttempted, string command)
        {
            var message = $"Confirmation for '{Printable(taskId)}' could not be asked ({problem.Message.TrimEnd('.')}), so the run ended there: " +
                          $"that id and {idsNotAttempted - 1} more given with it were not attempted (ids still in the pipeline were not read). " +
                          "Ids sent before it are reported above.";
            return new ErrorRecord(problem, CannotConfirmError, ErrorCategory.InvalidOperation, taskId)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = $"In a script or a non-interactive session, confirm in advance: {command} -Force (Remove) or -Confirm:$false, after a -WhatIf run.",
                },
            };
        }

        private static ErrorRecord NotATaskIdRecord(NotATaskId input)
        {
            var message = char.ToUpperInvariant(input.Description[0]) + input.Description.Substring(1) +
                          " is not a task id, so no request was sent for it. -TaskId takes task ids as text such as infer-9ia3kc1wt9mp " +
                          "(quote an id that looks like a number), tasks from Get-QianfanBatchTask, results of Stop- or Remove-QianfanBatchTask, " +
                          "and objects or hashtables with a TaskId or Id property.";
            return new ErrorRecord(new ArgumentException(message), NotATaskIdError, ErrorCategory.InvalidArgument, input.Input)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = PickTheIdAdvice(input.IdName),
                },
            };
        }

        /// <summary>Names the input's own column (quoted where PowerShell needs it: $_.'Task Id'), so the advice runs as written.</summary>
        internal static string PickTheIdAdvice(string? idName)
        {
            if (idName == null)
                return "Pick the id out of each input first, by the column or key that holds it, e.g. $rows | ForEach-Object { $_.'Task Id' }, and pipe that in.";
            var member = IsPlainName(idName) ? idName : "'" + Printable(idName).Replace("'", "''") + "'";
            return $"Pick the id out of each input first, e.g. $rows | ForEach-Object {{ $_.{member} }}, and pipe that in.";
        }

        private static bool IsPlainName(string name) =>
            name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_'));

        /// <summary>
        /// The error that ends a run under -ErrorAction Stop: <paramref name="error"/>, the first failure in input
        /// order, told what became of the ids after it, with every id not done as its target (the failed one alone
        /// when nothing else is left), so that catch { $_.TargetObject } gives the ids to run again.
        /// </summary>
        public static ErrorRecord EndingTheRun(ErrorRecord error, int writtenAfter, IReadOnlyList<string> failedAfter, int notSent,
            IReadOnlyList<object?> notDone, bool moreInputMayFollow)
        {
            var text = new StringBuilder(error.ErrorDetails?.Message ?? error.Exception.Message);
            text.Append(" The run ended here (-ErrorAction Stop) and sent nothing more: ");
            text.Append(writtenAfter).Append(" later id(s) already sent were done and are written before this error; ");
            text.Append(failedAfter.Count).Append(" later id(s) failed as well");
            if (failedAfter.Count > 0)
            {
                text.Append(" (");
                for (var i = 0; i < failedAfter.Count && i < 10; i++) text.Append(i == 0 ? "'" : ", '").Append(Printable(failedAfter[i])).Append('\'');
                if (failedAfter.Count > 10) text.Append(", ...");
                text.Append(')');
            }
            text.Append("; ").Append(notSent).Append(" id(s) received were not sent.");
            if (moreInputMayFollow) text.Append(" Ids still to come from the pipeline were not read.");
            if (notDone.Count > 1) text.Append(" This error's TargetObject lists the ").Append(notDone.Count).Append(" ids received and not done.");
            var target = notDone.Count == 1 ? notDone[0] : notDone.ToArray();
            var advice = error.ErrorDetails?.RecommendedAction;
            if (notDone.Count > 1)
                advice = (advice == null ? string.Empty : advice + " ") + "Run the command again for the ids in this error's TargetObject, after fixing the cause.";
            return new ErrorRecord(error.Exception, error.FullyQualifiedErrorId, error.CategoryInfo.Category, target)
            {
                ErrorDetails = new ErrorDetails(text.ToString()) { RecommendedAction = advice },
            };
        }

        public static ErrorRecord Configuration(Exception problem, string errorId, ErrorCategory category, object? target = null) =>
            new ErrorRecord(problem, errorId, category, target);

        private static string ErrorId(QianfanServiceException? failure)
        {
            if (failure == null) return "UnexpectedFailure";
            if (failure.ErrorCode is { Length: > 0 } code) return code;
            switch (failure.Kind)
            {
                case FailureKind.Connection: return "ConnectionFailed";
                case FailureKind.Timeout: return "Timeout";
                case FailureKind.InvalidResponse: return "InvalidResponse";
                case FailureKind.UnexpectedAnswer: return "UnexpectedAnswer";
                default: return "LocalFailure";
            }
        }

        private static ErrorCategory Category(QianfanServiceException? failure)
        {
            if (failure == null) return ErrorCategory.NotSpecified;
            switch (failure.Kind)
            {
                case FailureKind.Connection: return ErrorCategory.ConnectionError;
                case FailureKind.Timeout: return ErrorCategory.OperationTimeout;
                case FailureKind.InvalidResponse:
                case FailureKind.UnexpectedAnswer:
                    return ErrorCategory.InvalidResult;
                case FailureKind.Local: return ErrorCategory.InvalidArgument;
            }
            switch (failure.ErrorCode)
            {
                case ServiceProtocol.ErrorCodes.ResourceNotFound: return ErrorCategory.ObjectNotFound;
                case ServiceProtocol.ErrorCodes.AccessDenied: return ErrorCategory.PermissionDenied;
                case ServiceProtocol.ErrorCodes.InvalidAccessKeyId:
                case ServiceProtocol.ErrorCodes.SignatureDoesNotMatch:
                case ServiceProtocol.ErrorCodes.InvalidHttpAuthHeader:
                case ServiceProtocol.ErrorCodes.RequestExpired:
                    return ErrorCategory.AuthenticationError;
                case ServiceProtocol.ErrorCodes.InvalidTaskStatus: return ErrorCategory.InvalidOperation;
                case BatchTaskExecutor.ResultFalse: return ErrorCategory.InvalidResult;
            }
            var status = failure.HttpStatus ?? 0;
            if (status == 429) return ErrorCategory.LimitsExceeded;
            if (status == 404) return ErrorCategory.ObjectNotFound;
            if (status == 401 || status == 403) return ErrorCategory.PermissionDenied;
            if (status >= 500) return ErrorCategory.ResourceUnavailable;
            if (status >= 400) return ErrorCategory.InvalidArgument;
            return ErrorCategory.NotSpecified;
        }

        private static string? Advice(QianfanServiceException? failure, string command, string? taskId)
        {
            if (failure == null) return null;
            var quoted = taskId == null ? null : "'" + taskId.Replace("'", "''") + "'";
            switch (failure.ErrorCode)
            {
                case ServiceProtocol.ErrorCodes.InvalidTaskStatus when failure.ActionName == ServiceProtocol.Actions.DeleteBatchInferenceTask && quoted != null:
                    return $"A running task cannot be deleted. Stop it, wait until it has stopped (a stop takes effect later), then delete it: Stop-QianfanBatchTask -TaskId {quoted} -Wait; Remove-QianfanBatchTask -TaskId {quoted}";
                case ServiceProtocol.ErrorCodes.InvalidTaskStatus when quoted != null:
                    return $"Only a running task can be stopped. See its status with: Get-QianfanBatchTask -TaskId {quoted}";
                case ServiceProtocol.ErrorCodes.ResourceNotFound:
                    return "Check the id: no task has it (it may have been deleted already). List existing tasks with Get-QianfanBatchTask.";
                case ServiceProtocol.ErrorCodes.InvalidAccessKeyId:
                case ServiceProtocol.ErrorCodes.SignatureDoesNotMatch:
                case ServiceProtocol.ErrorCodes.InvalidHttpAuthHeader:
                    return "Check the access key and secret key in use (see Get-QianfanContext): -Credential, Connect-Qianfan, or QIANFAN_ACCESS_KEY and QIANFAN_SECRET_KEY.";
                case ServiceProtocol.ErrorCodes.AccessDenied:
                    return "The keys were accepted but may not do this. Check the IAM permissions of the access key (and the security token, for temporary credentials).";
                case ServiceProtocol.ErrorCodes.RequestExpired:
                    return "This machine's clock is far from the service's. Synchronise the clock (NTP) and run again.";
                case BatchTaskExecutor.ResultFalse:
                    return "The service did not carry out the request. Check the task's state with Get-QianfanBatchTask and run again.";
            }
            if (failure.ThrottledWithoutProgress.HasValue)
                return $"The service kept throttling and no request got through for {failure.ThrottledWithoutProgress.Value.TotalSeconds:0} s. " +
                       $"Run {command} again later for the failed ids (collect them with -ErrorVariable), with a lower -MaxRequestsPerSecond if the quota is shared, or raise -ThrottleTimeoutSec.";
            switch (failure.Connection)
            {
                case ConnectionProblem.Refused:
                    return "Nothing listens at the endpoint. Check -Endpoint (Get-QianfanContext shows the one in use) and that the service is reachable from this machine.";
                case ConnectionProblem.NameNotResolved:
                    return "The endpoint's host name does not resolve. Check -Endpoint for typos, and this machine's DNS and network.";
                case ConnectionProblem.SecureChannel:
                    return "The secure connection could not be set up. Check the endpoint's certificate, this machine's trusted roots, and any TLS-inspecting proxy.";
            }
            if (RetryPolicy.IsTransient(failure))
            {
                var how = failure.Attempts.Count > 1 ? $"even after {failure.Attempts.Count} attempts" : "and was not retried (-MaxRetryCount 0)";
                return $"The service was unavailable, busy or unreachable {how}. Run {command} again later for the failed ids " +
                       "(collect them with -ErrorVariable), or raise -MaxRetryCount or -TimeoutSec.";
            }
            if (failure.Kind == FailureKind.UnexpectedAnswer)
                return $"The service answered, but not as this module reads it (the message says what was missing). Run {command} again; " +
                       "if it happens again, report it to Baidu support with the request id.";
            if (failure.Kind == FailureKind.InvalidResponse)
                return "Something between this machine and the service (a proxy or gateway) answered instead of the service. Check -Endpoint and any proxy settings.";
            return null;
        }

        /// <summary>
        /// Shows control characters, and those that show as nothing or as a plain space (zero-width, byte-order
        /// mark, no-break space), as \uXXXX: an error message never carries them raw, and the reader sees them.
        /// </summary>
        internal static string Printable(string text)
        {
            var builder = new System.Text.StringBuilder(text.Length);
            foreach (var c in text)
                builder.Append(IsUnseen(c) ? "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
            return builder.ToString();
        }

        private static bool IsUnseen(char c) =>
            char.IsControl(c) || (char.IsWhiteSpace(c) && c != ' ') ||
            System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;
    }
}
