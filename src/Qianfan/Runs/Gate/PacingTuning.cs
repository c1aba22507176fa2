using System;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// Every number that tunes how a run finds and keeps the service's rate, in one place. They were
    /// chosen against simulated limits of each shape the service's gateway may have (a strict token
    /// bucket, a bucket holding a second's worth, a fixed one-second window; docs/qianfan-api.md says
    /// the vendor does not publish which), alone and with other runs sharing one account's limit.
    /// </summary>
    internal static class PacingTuning
    {
        /// <summary>The pace held under a measured limit: evenly spaced starts this close to it are never throttled.</summary>
        public const double Margin = 0.97;

        /// <summary>
        /// Throttles at the held pace, under the measured limit, met a limit too small to absorb the
        /// unevenness of the way to it (a bucket of one token throttles a request that reaches it even
        /// a little sooner after the one before than its refill): the margin widens by this much each
        /// time, down to <see cref="WidestMargin"/>, unless so many answers are throttled that the limit fell.
        /// </summary>
        public const double MarginStep = 0.03;

        public const double WidestMargin = 0.88;

        /// <summary>Throttles at this share of the recent answers or more are a limit that fell, not unevenness.</summary>
        public const double UnevenShare = 0.3;

        /// <summary>Starts allowed at once before anything is known: a careful opening against a tight limit.</summary>
        public const double OpeningStarts = 4;

        /// <summary>...and this many more for each accepted answer.</summary>
        public const double OpeningPerAccepted = 2;

        /// <summary>
        /// With no answers for this long from the first start, the opening's allowance doubles by time as
        /// well: longer than a first answer takes in a process that has just loaded the module (60-130 ms
        /// measured on loopback), so that its first run does not send everything before one comes back.
        /// </summary>
        public static readonly TimeSpan OpeningPatience = TimeSpan.FromMilliseconds(500);

        /// <summary>...then doubles this often until the first throttle.</summary>
        public static readonly TimeSpan OpeningDoubling = TimeSpan.FromMilliseconds(5);

        /// <summary>How soon a start the opening held back looks again whether answers have let it go.</summary>
        public static readonly TimeSpan OpeningLookAgain = TimeSpan.FromMilliseconds(2);

        /// <summary>
        /// The slowest climb from the first throttles: a run that got nothing through (the account's limit
        /// used up by others), or little (a strict bucket lets only its small burst through), starts here.
        /// </summary>
        public const double FirstPace = 3;

        /// <summary>Below the limit and not yet throttled at the pace, the pace grows by this factor a second.</summary>
        public const double RampGrowth = 3;

        /// <summary>A measuring spell with more than this share throttled met a bucket too small to bank a start.</summary>
        public const double HeavyShare = 0.35;

        /// <summary>...but not much more: a bucket that banks starts, far over its rate, throttles several in a row.</summary>
        public const double AlternateShare = 0.55;

        /// <summary>
        /// ...and throttled about every other start (now and then two got through together, requests
        /// reaching it unevenly): a bucket that banks more lets runs of starts through between throttles.
        /// </summary>
        public const double AlternatingRun = 1.5;

        /// <summary>Such a bucket's rate is taken as the spell's pace over this, and over the climb's last step when a climb met it.</summary>
        public const double HeavyOvershoot = 1.08;

        /// <summary>A measuring spell goes no faster than this times what was accepted in the second before it.</summary>
        public const double SpellOverAccepted = 1.1;

        /// <summary>
        /// After a throttle the pace is held while what the service lets through is counted: once it
        /// throttles, what gets through between the times it runs out is its rate, whatever its shape.
        /// It is measured between two such times at least this far apart (a window runs out once a
        /// second); a spell that has not seen that by <see cref="LongestMeasuringSpell"/> measures what
        /// got through in it.
        /// </summary>
        public static readonly TimeSpan OnsetSpan = TimeSpan.FromSeconds(0.9);

        /// <summary>...or this many times at least this far apart: a bucket runs out every few starts once over its rate.</summary>
        public const int FewestOnsets = 4;
        public static readonly TimeSpan ShortestOnsetSpan = TimeSpan.FromSeconds(0.25);

        public static readonly TimeSpan LongestMeasuringSpell = TimeSpan.FromSeconds(3);

        /// <summary>A spell with no throttle for this long (longer than a window takes to run out again) is under the limit.</summary>
        public static readonly TimeSpan QuietSpell = TimeSpan.FromSeconds(1.2);

        /// <summary>Throttles this soon after a measurement are the rest of a window the spell used up: they call for no new one.</summary>
        public static readonly TimeSpan MeasuredGrace = TimeSpan.FromSeconds(1);

        /// <summary>Under a measured limit the pace holds this long before probing above it, doubled for each time the same limit was met again.</summary>
        public static readonly TimeSpan HoldSpell = TimeSpan.FromSeconds(2);

        /// <summary>Limits measured within this share of the last count as the same limit.</summary>
        public const double SameLimitShare = 0.05;

        /// <summary>The most halvings of how often a limit that holds still is probed.</summary>
        public const int MaxConfidence = 2;

        /// <summary>
        /// A probe climbs above the measured limit as this times the cube of the seconds it has climbed
        /// (of the limit): 3% after 2.5 s, 25% after 5 s, double after 8 s.
        /// </summary>
        public const double ProbeCubic = 0.002;

        /// <summary>A probe this far above the measured limit without a throttle means the limit rose (another run on the account ended): climb.</summary>
        public const double RisenShare = 1.3;

        public const double MinimumRate = 0.05;

        /// <summary>
        /// Starts that fell due while the pacer slept go together up to this much lateness: a timer on
        /// Windows wakes in steps of about 15.6 ms, longer than the spacing of a fast pace.
        /// </summary>
        public static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(20);

        /// <summary>
        /// The share of throttled answers among the last <see cref="RecentAnswers"/> that justifies a
        /// measurement, doubled for each one in a row that cut the pace and halved again for every
        /// <see cref="BarEasing"/> without one: throttling that does not follow the pace (a busy backend
        /// refusing some requests at random) keeps coming, and the raised bar keeps it from driving the
        /// pace to nothing.
        /// </summary>
        public const double CutShare = 0.02;

        /// <summary>The bar never rises above this: when most answers are throttles, slowing down is always right.</summary>
        public const double MaxCutShare = 0.5;

        public const int RecentAnswers = 20;
        public static readonly TimeSpan BarEasing = TimeSpan.FromSeconds(10);

        /// <summary>No measurement on less evidence than this many recent answers, unless this many of them were throttles.</summary>
        public const int EvidenceAnswers = 10;
        public const int EvidenceThrottles = 3;

        /// <summary>A measured limit this far under the pace it was measured at is a cut that raises the bar.</summary>
        public const double CutBelowPace = 0.95;

        /// <summary>Below this share of the published per-minute limit left, pace to the limit.</summary>
        public const double LowRemainingShare = 0.2;
    }
}
