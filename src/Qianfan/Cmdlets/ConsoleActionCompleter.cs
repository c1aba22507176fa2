using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Qianfan.Client.Http;
using Qianfan.Protocol;

namespace Qianfan.Cmdlets
{
    /// <summary>Tab completion of Invoke-QianfanConsoleAction -Action: the batch-inference actions, when -Route is that route or not given.</summary>
    internal sealed class ConsoleActionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            if (!IsBatchInferenceRoute(fakeBoundParameters)) return Enumerable.Empty<CompletionResult>();
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return ConsoleActionNames.BatchInference
                .Where(action => action.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(action => new CompletionResult(action.Key, action.Key, CompletionResultType.ParameterValue, action.Value))
                .ToList();
        }

        private static bool IsBatchInferenceRoute(IDictionary? bound)
        {
            if (bound == null || !bound.Contains("Route")) return true;
            var route = bound["Route"] is PSObject wrapped ? wrapped.BaseObject : bound["Route"];
            try
            {
                return string.Equals(ConsoleTarget.NormalizeRoute(route as string), ServiceProtocol.Route.BatchInference, StringComparison.OrdinalIgnoreCase);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}
