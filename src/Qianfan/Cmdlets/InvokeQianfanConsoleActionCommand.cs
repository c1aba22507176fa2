using System;
using System.Management.Automation;
using System.Text.Json;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Conversion;
using Qianfan.Protocol;
using Qianfan.Records;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Invoke-QianfanConsoleAction: sends any console action (route, action name, JSON body),
    /// signed and retried like every other call, and writes the answer's result as PowerShell objects.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "QianfanConsoleAction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeQianfanConsoleActionCommand : QianfanCommand
    {
        // Set in BeginProcessing, which PowerShell runs before ProcessRecord.
        private ConsoleClient _client = null!;
        private string _route = null!;
        private string _action = null!;
        private int _succeeded;
        private int _failed;

        /// <summary>The action name, e.g. DescribeBatchInferenceTasks.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ConsoleActionCompleter))]
        public string Action { get; set; } = null!;

        /// <summary>The request body: a hashtable, a PSCustomObject or JSON text; none sends {}.</summary>
        [Parameter(Position = 1, ValueFromPipeline = true)]
        [AllowNull]
        public object? Body { get; set; }

        /// <summary>The console route the action belongs to.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Route { get; set; } = ServiceProtocol.Route.BatchInference;

        /// <summary>Writes an array result as one object instead of one object per element.</summary>
        [Parameter]
        public SwitchParameter NoEnumerate { get; set; }

        protected override void BeginProcessing()
        {
            try
            {
                _route = ConsoleTarget.NormalizeRoute(Route);
                _action = ConsoleTarget.CheckAction(Action);
            }
            catch (ArgumentException problem)
            {
                ThrowTerminatingError(new ErrorRecord(problem, "InvalidConsoleAction", ErrorCategory.InvalidArgument, Route + "?" + ServiceProtocol.Route.ActionParameter + "=" + Action));
            }
            _client = CreateClient();
        }

        protected override void ProcessRecord()
        {
            byte[] body;
            try
            {
                body = ConsoleBody.ToJson(Body);
            }
            catch (ArgumentException problem)
            {
                WriteError(new ErrorRecord(problem, "InvalidBody", ErrorCategory.InvalidArgument, Body)
                {
                    ErrorDetails = new ErrorDetails(problem.Message + " No request was sent for it.")
                    {
                        RecommendedAction = "Give -Body as a hashtable (@{ taskId = 'infer-...' }), a PSCustomObject, or JSON text of an object.",
                    },
                });
                return;
            }
            // An action that only reads changes nothing, so -WhatIf and -Confirm do not hold it back (as for any Get- cmdlet).
            if (!ConsoleActionNames.IsReadOnly(_action) && !ShouldProcess($"{_route}?Action={_action}", "Invoke console action")) return;

            ConsoleResult answer;
            try
            {
                answer = PipelineStop.WaitFor(_client.SendAsync(new ConsoleCall(_route, _action, body), PipelineStopToken));
            }
            catch (RunHaltedException halt)
            {
                // The same run-wide failure (wrong keys, dead endpoint) ended the last calls: sending more would fail alike.
                ThrowTerminatingError(ErrorRecordFactory.ForHaltedRun(halt, $"Invoke-QianfanConsoleAction {_action}", _succeeded, _failed,
                    new object?[] { Body }, MyInvocation.MyCommand.Name));
                return;
            }
            catch (QianfanServiceException failure)
            {
                _failed++;
                WriteAttempts(_action, failure.Attempts);
                WriteError(ErrorRecordFactory.ForFailure(failure, _action, $"Console action '{_action}' failed", MyInvocation.MyCommand.Name));
                return;
            }
            _succeeded++;
            WriteAttempts(_action, answer.Attempts);
            if (answer.Result.ValueKind == JsonValueKind.Undefined || answer.Result.ValueKind == JsonValueKind.Null) return;
            WriteObject(JsonToPowerShell.Convert(answer.Result), enumerateCollection: !NoEnumerate);
        }
    }
}
