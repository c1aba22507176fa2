using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Security;
using Qianfan.Connection;
using Qianfan.Conversion;
using Qianfan.Protocol;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Tab completion of -TaskId from the service, with the keys and endpoint the command would use:
    /// -Credential, -SecurityToken and -Endpoint as typed on the line, else the session and the
    /// environment. Stop and Wait offer running tasks, Remove the others, Get all of them. Quiet and quick
    /// by design (see <see cref="TaskIdCatalog"/>): it writes nothing and never throws.
    /// </summary>
    internal sealed class TaskIdCompleter : IArgumentCompleter
    {
        private static readonly string[] NotRunning =
            ServiceProtocol.RunStatuses.All.Where(s => s != ServiceProtocol.RunStatuses.Running).ToArray();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var settings = SettingsFor(fakeBoundParameters);
                if (settings == null) return Enumerable.Empty<CompletionResult>();
                var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
                return TaskIdCatalog.Shared.Suggest(settings, StatusesFor(commandName), prefix)
                    .Select(task => new CompletionResult(Quoted(task.TaskId), task.TaskId, CompletionResultType.ParameterValue,
                        $"{task.TaskId}  {task.RunStatus}  {task.Name}".TrimEnd()))
                    .ToList();
            }
            catch (Exception)
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }

        private static string[] StatusesFor(string commandName)
        {
            if (string.Equals(commandName, "Stop-QianfanBatchTask", StringComparison.OrdinalIgnoreCase) ||
                string.Equals(commandName, "Wait-QianfanBatchTask", StringComparison.OrdinalIgnoreCase)) return new[] { ServiceProtocol.RunStatuses.Running };
            if (string.Equals(commandName, "Remove-QianfanBatchTask", StringComparison.OrdinalIgnoreCase)) return NotRunning;
            return Array.Empty<string>();
        }

        /// <summary>The settings the command would resolve; null when they cannot be known (a -Credential that is not yet a value).</summary>
        private static KeysAndEndpoint? SettingsFor(IDictionary? bound)
        {
            PSCredential? credential = null;
            SecureString? token = null;
            Uri? endpoint = null;
            if (bound != null)
            {
                if (bound.Contains("Credential") && (credential = Unwrap(bound["Credential"]) as PSCredential) == null) return null;
                if (bound.Contains("SecurityToken") && (token = Unwrap(bound["SecurityToken"]) as SecureString) == null) return null;
                if (bound.Contains("Endpoint"))
                {
                    var value = Unwrap(bound["Endpoint"]);
                    endpoint = value as Uri;
                    if (endpoint == null && !Uri.TryCreate(value as string ?? string.Empty, UriKind.Absolute, out endpoint)) return null;
                }
            }
            return KeysAndEndpoint.Resolve(CredentialInput.FromParameters(credential, token), endpoint);
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static string Quoted(string taskId) =>
            taskId.Any(c => char.IsWhiteSpace(c) || "'\"`$;,(){}[]|&<>@#".IndexOf(c) >= 0) ? "'" + taskId.Replace("'", "''") + "'" : taskId;
    }
}
