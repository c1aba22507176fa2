using System;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Cmdlets;
using Qianfan.Protocol;
using Qianfan.Runs;
using Qianfan.Tasks;
using Xunit;

namespace Qianfan.Tests.Cmdlets
{
    /// <summary>
    /// The parameters of the cmdlets that take task ids, declared in two places (Stop, Remove and Wait share
    /// one base; Get has its own, in one set) without drifting apart, and how a describe counts in a run.
    /// </summary>
    public class TaskIdRunCommandTests
    {
        [Theory]
        [InlineData(typeof(StopQianfanBatchTaskCommand))]
        [InlineData(typeof(RemoveQianfanBatchTaskCommand))]
        [InlineData(typeof(WaitQianfanBatchTaskCommand))]
        public void StopRemoveAndWaitTakeIdsInEveryParameterSet(Type cmdlet)
        {
            Assert.True(cmdlet.IsSubclassOf(typeof(TaskIdRunCommand)));
            Assert.Equal(ParameterAttribute.AllParameterSets, ParameterOf(typeof(TaskIdRunCommand), nameof(TaskIdRunCommand.TaskId)).ParameterSetName);
        }

        // Get lists as well as describes, so it declares the id parameters itself, in the set that describes;
        // there they bind as Stop's, Remove's and Wait's do, so that the same input pipes into any of them.
        [Theory]
        [InlineData(nameof(TaskIdRunCommand.TaskId))]
        [InlineData(nameof(TaskIdRunCommand.ThrottleLimit))]
        public void GetTakesIdsOnlyInItsByIdSetAndBindsThemAsTheOtherIdCmdletsDo(string parameter)
        {
            var own = ParameterOf(typeof(GetQianfanBatchTaskCommand), parameter);
            var runs = ParameterOf(typeof(TaskIdRunCommand), parameter);

            Assert.False(typeof(GetQianfanBatchTaskCommand).IsSubclassOf(typeof(TaskIdRunCommand)));
            Assert.Equal("ById", own.ParameterSetName);
            Assert.Equal(Facts(runs), Facts(own));
            Assert.Equal(OtherAttributes(typeof(TaskIdRunCommand), parameter), OtherAttributes(typeof(GetQianfanBatchTaskCommand), parameter));
        }

        [Fact]
        public void ConnectDeclaresCredentialAsTheOtherCmdletsDoButMandatoryAndFirst()
        {
            var own = ParameterOf(typeof(ConnectQianfanCommand), nameof(QianfanConnectionCommand.Credential));
            var shared = ParameterOf(typeof(QianfanConnectionCommand), nameof(QianfanConnectionCommand.Credential));

            Assert.True(own.Mandatory);
            Assert.Equal(0, own.Position);
            Assert.False(shared.Mandatory);
            Assert.Equal(OtherAttributes(typeof(QianfanConnectionCommand), "Credential"), OtherAttributes(typeof(ConnectQianfanCommand), "Credential"));
            // -Endpoint and -SecurityToken come from the base alone.
            Assert.Equal(typeof(QianfanConnectionCommand), typeof(ConnectQianfanCommand).GetProperty("Endpoint")?.DeclaringType);
            Assert.Equal(typeof(QianfanConnectionCommand), typeof(ConnectQianfanCommand).GetProperty("SecurityToken")?.DeclaringType);
        }

        [Fact]
        public void AFailedDescribeCarriesTheAttemptsOfItsFailureAndCountsAsRetried()
        {
            var failure = new QianfanServiceException(FailureKind.Service, ServiceProtocol.Actions.DescribeBatchInferenceTask, 503, "ServiceUnavailable", "busy", "rid-2")
            {
                Attempts = new[]
                {
                    new AttemptRecord(ServiceProtocol.Actions.DescribeBatchInferenceTask, 1, 503, "rid-1", TimeSpan.Zero, "ServiceUnavailable", null),
                    new AttemptRecord(ServiceProtocol.Actions.DescribeBatchInferenceTask, 2, 503, "rid-2", TimeSpan.Zero, "ServiceUnavailable", null),
                },
            };
            var outcome = DescribeOutcome.Failed("infer-a", failure);
            var statistics = new RunStatistics();

            statistics.Record(outcome);

            Assert.False(outcome.Succeeded);
            Assert.False(outcome.NotAttempted);
            Assert.Equal(2, outcome.Attempts.Count);
            Assert.Equal(1, statistics.Failed);
            Assert.Equal(1, statistics.Retried);
        }

        [Fact]
        public void ADescribeTheHaltedRunNeverSentIsNotAttempted()
        {
            var outcome = DescribeOutcome.Failed("infer-a", new RunHaltedException("the run stopped sending"));

            Assert.True(outcome.NotAttempted);
            Assert.Empty(outcome.Attempts);
        }

        private static PropertyInfo DeclaredProperty(Type type, string property) =>
            type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly) ??
            throw new ArgumentException($"{type.Name} declares no public property {property}", nameof(property));

        private static ParameterAttribute ParameterOf(Type type, string property) =>
            DeclaredProperty(type, property).GetCustomAttributes<ParameterAttribute>(inherit: false).Single();

        private static string Facts(ParameterAttribute parameter) =>
            $"mandatory={parameter.Mandatory} position={parameter.Position} byValue={parameter.ValueFromPipeline} byName={parameter.ValueFromPipelineByPropertyName}";

        // Every attribute but [Parameter] and the compiler's, with its aliases, range or completer, as text to compare.
        private static string[] OtherAttributes(Type type, string property) =>
            DeclaredProperty(type, property)
                .GetCustomAttributes(inherit: false)
                .Where(attribute => !(attribute is ParameterAttribute))
                // The compiler's nullable markers differ between a declaration and an override: not the parameter's.
                .Where(attribute => attribute.GetType().Namespace != "System.Runtime.CompilerServices")
                .Select(Describe)
                .OrderBy(text => text, StringComparer.Ordinal)
                .ToArray();

        private static string Describe(object attribute)
        {
            switch (attribute)
            {
                case AliasAttribute alias: return "Alias " + string.Join(",", alias.AliasNames);
                case ValidateRangeAttribute range: return $"ValidateRange {range.MinRange}..{range.MaxRange}";
                case ArgumentCompleterAttribute completer: return "ArgumentCompleter " + completer.Type;
                default: return attribute.GetType().Name;
            }
        }
    }
}
