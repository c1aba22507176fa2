namespace Qianfan.Runs
{
    /// <summary>How a run over task ids names what it does, in its progress bar, messages and closing summary.</summary>
    internal sealed class TaskIdRunWording
    {
        /// <param name="action">One id's action, e.g. "Stop batch inference task": the ShouldProcess prompt and the summary line.</param>
        /// <param name="activity">The whole run, e.g. "Stop batch inference tasks": the progress bar and the error of a run that stopped sending.</param>
        /// <param name="doneOnceAs">What a repeated id is, once, e.g. "acted on": the verbose note that skips it.</param>
        public TaskIdRunWording(string action, string activity, string doneOnceAs)
        {
            Action = action;
            Activity = activity;
            DoneOnceAs = doneOnceAs;
        }

        public string Action { get; }
        public string Activity { get; }
        public string DoneOnceAs { get; }
    }
}
