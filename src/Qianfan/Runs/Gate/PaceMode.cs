namespace Qianfan.Runs.Gate
{
    /// <summary>What a run's pace is doing: see <see cref="PaceController"/>.</summary>
    internal enum PaceMode
    {
        /// <summary>No throttle yet: a few starts at once, two more for each accepted answer.</summary>
        Opening,
        /// <summary>The pace is held while what the service accepts of it is counted.</summary>
        Measuring,
        /// <summary>Below any known limit: the pace grows quickly.</summary>
        Ramping,
        /// <summary>Just under the measured limit, probing above it now and then.</summary>
        Holding,
    }
}
