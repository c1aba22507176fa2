using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Qianfan.Protocol;
using Xunit;
using EmulatorErrorCodes = Qianfan.Emulator.Http.ErrorCodes;
using EmulatorProtocol = Qianfan.Emulator.Http.Protocol;
using EmulatorRunStatus = Qianfan.Emulator.Tasks.RunStatus;

namespace Qianfan.Tests.Emulator
{
    /// <summary>
    /// The emulator spells the protocol on its own, so that a misspelling in the client is caught
    /// rather than mirrored; this keeps the two spellings equal.
    /// </summary>
    public class EmulatorVocabularyTests
    {
        // Codes the emulator answers with that the client has no word for (it reports any code verbatim).
        private static readonly string[] CodesOnlyTheEmulatorNames =
            { nameof(EmulatorErrorCodes.InvalidAction), nameof(EmulatorErrorCodes.InvalidParameter), nameof(EmulatorErrorCodes.InternalError),
              nameof(EmulatorErrorCodes.NotFound), nameof(EmulatorErrorCodes.MethodNotAllowed) };

        [Fact]
        public void TheEmulatorSpellsTheRouteActionsHeadersErrorCodesAndRunStatusesAsTheClientDoes()
        {
            var problems = new List<string>();
            Same(typeof(ServiceProtocol.Route), typeof(EmulatorProtocol.Route), problems);
            Same(typeof(ServiceProtocol.Actions), typeof(EmulatorProtocol.Actions), problems);
            Same(typeof(ServiceProtocol.RunStatuses), typeof(EmulatorRunStatus), problems);
            // The emulator names only the headers and codes it uses; each must be the client's, spelled alike.
            Within(typeof(ServiceProtocol.Headers), typeof(EmulatorProtocol.Headers), Array.Empty<string>(), problems);
            Within(typeof(ServiceProtocol.ErrorCodes), typeof(EmulatorErrorCodes), CodesOnlyTheEmulatorNames, problems);

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        private static void Same(Type client, Type emulator, List<string> problems)
        {
            var clientWords = Constants(client);
            Assert.NotEmpty(clientWords);
            Within(client, emulator, Array.Empty<string>(), problems);
            foreach (var name in clientWords.Keys.Except(Constants(emulator).Keys))
                problems.Add($"{client.Name}.{name} ('{clientWords[name]}') has no counterpart in the emulator's {emulator.Name}");
        }

        private static void Within(Type client, Type emulator, string[] emulatorOnly, List<string> problems)
        {
            var clientWords = Constants(client);
            var emulatorWords = Constants(emulator);
            Assert.NotEmpty(emulatorWords);
            foreach (var pair in emulatorWords.Where(p => !emulatorOnly.Contains(p.Key)))
            {
                if (!clientWords.TryGetValue(pair.Key, out var clientValue))
                    problems.Add($"the emulator's {emulator.Name}.{pair.Key} ('{pair.Value}') is not in the client's {client.Name}");
                else if (!string.Equals(clientValue, pair.Value, StringComparison.Ordinal))
                    problems.Add($"{client.Name}.{pair.Key} is '{clientValue}' in the client but '{pair.Value}' in the emulator");
            }
        }

        private static Dictionary<string, string?> Constants(Type type) =>
            type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .ToDictionary(f => f.Name, f => (string?)f.GetRawConstantValue());
    }
}
