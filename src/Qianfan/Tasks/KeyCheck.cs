using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client.Http;
using Qianfan.Runs.Gate;

namespace Qianfan.Tasks
{
    /// <summary>
    /// Proves that the service accepts a pair of keys with the cheapest signed read there is: a list of
    /// at most one task (DescribeBatchInferenceTasks with maxKeys 1), which changes nothing. A wrong key
    /// is then found when it is given, as Connect-AzAccount finds it, not at the first ids of a run.
    /// </summary>
    internal static class KeyCheck
    {
        // Retried once at most: a connect should not wait through a whole run's retries on a dead endpoint.
        public const int MaxRetryCount = 1;

        /// <returns>The answer, for its request id.</returns>
        /// <exception cref="QianfanServiceException">The service refused the keys, or could not be asked.</exception>
        public static async Task<ConsoleResult> RunAsync(ConsoleClient client, CancellationToken cancellationToken)
        {
            var page = await new BatchTaskPager(client, null, pageSize: 1).NextPageAsync(cancellationToken).ConfigureAwait(false);
            return page.Answer;
        }
    }
}
