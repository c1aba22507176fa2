using System;
using System.Collections.Generic;
using System.Linq;

namespace Qianfan.Protocol
{
    /// <summary>What the module knows about console action names: the batch-inference ones, and which names only read.</summary>
    internal static class ConsoleActionNames
    {
        /// <summary>The actions of the batch-inference route, with what each does (for tab completion).</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> BatchInference { get; } = new[]
        {
            Pair(ServiceProtocol.Actions.CreateBatchInferenceTask, "Creates a batch inference task: name, inferenceParams, inputBosUri, outputBosUri, modelId or endpoint."),
            Pair(ServiceProtocol.Actions.DeleteBatchInferenceTask, "Deletes a task that is not running: taskId."),
            Pair(ServiceProtocol.Actions.DescribeBatchInferenceModel, "Lists the models that support batch inference."),
            Pair(ServiceProtocol.Actions.DescribeBatchInferenceTask, "Describes one task: taskId."),
            Pair(ServiceProtocol.Actions.DescribeBatchInferenceTasks, "Lists tasks a page at a time: marker, maxKeys, runStatus."),
            Pair(ServiceProtocol.Actions.StopBatchInferenceTask, "Stops a running task: taskId."),
        };

        // By the console's naming, these verbs only read; every other action may change something.
        private static readonly string[] ReadOnlyPrefixes = { "Describe", "List", "Get", "Query" };

        /// <summary>True for an action that only reads (Describe*, List*, Get*, Query*, in any case); such an action needs no confirmation.</summary>
        public static bool IsReadOnly(string? action) =>
            action is { Length: > 0 } && ReadOnlyPrefixes.Any(p => action.Trim().StartsWith(p, StringComparison.OrdinalIgnoreCase));

        private static KeyValuePair<string, string> Pair(string name, string description) => new KeyValuePair<string, string>(name, description);
    }
}
