using System;
using System.Collections.Generic;

namespace Qianfan.Runs
{
    /// <summary>A run over task ids as its cmdlet drives it, whatever the run's outcomes are: ids in, then the end of the input.</summary>
    internal interface ITaskIdRun : IDisposable
    {
        /// <summary>Takes the ids of one pipeline input (or all of them, given on the command line), writing what is ready.</summary>
        void Take(IReadOnlyList<string?> taskIds);

        /// <summary>The input has ended: writes every outcome left, the error of a run that stopped sending, and the summary.</summary>
        void End();
    }
}
