using System;
using System.Collections.Generic;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// What the service did with a run's requests, by when each was started: the starts of the last
    /// second, the answers of the last few seconds, and the last <see cref="PacingTuning.RecentAnswers"/>
    /// answers. From it: how many starts of a spell the service accepted and throttled, and whether
    /// throttles are frequent enough to act on.
    /// </summary>
    internal sealed class AcceptanceEstimate
    {
        private static readonly TimeSpan StartWindow = TimeSpan.FromSeconds(1);

        /// <summary>Answers are kept this long by start time: a measuring spell and the time its answers take to come in.</summary>
        private static readonly TimeSpan AnswerHistory = TimeSpan.FromSeconds(4);

        private readonly Queue<TimeSpan> _starts = new Queue<TimeSpan>();
        private readonly Queue<Answer> _answers = new Queue<Answer>();
        private readonly bool[] _recent = new bool[PacingTuning.RecentAnswers];
        private int _recentCount;
        private int _recentNext;

        public long Starts { get; private set; }
        public long Accepted { get; private set; }
        public long Throttled { get; private set; }

        /// <summary>Starts with no answer yet (or none to come: a dropped connection, a timeout).</summary>
        public long Unanswered => Starts - Accepted - Throttled;
        public TimeSpan? FirstStart { get; private set; }

        public void Started(TimeSpan now)
        {
            Starts++;
            if (!FirstStart.HasValue) FirstStart = now;
            _starts.Enqueue(now);
            Trim(now);
        }

        public void Answered(TimeSpan now, TimeSpan sentAt, bool throttled)
        {
            _answers.Enqueue(new Answer(sentAt, throttled));
            if (throttled) Throttled++;
            else Accepted++;
            _recent[_recentNext] = throttled;
            _recentNext = (_recentNext + 1) % _recent.Length;
            if (_recentCount < _recent.Length) _recentCount++;
            Trim(now);
        }

        /// <summary>Starts a second over the last second (over the run's age while it is younger).</summary>
        public double StartRate(TimeSpan now)
        {
            Trim(now);
            var span = Math.Min(StartWindow.TotalSeconds, Math.Max(0.05, (now - (FirstStart ?? now)).TotalSeconds));
            return _starts.Count / span;
        }

        /// <summary>How many starts the last second held.</summary>
        public int StartsInLastSecond(TimeSpan now)
        {
            Trim(now);
            return _starts.Count;
        }

        /// <summary>Whether the recent answers hold enough throttles, at a share of at least <paramref name="bar"/>, to act on.</summary>
        public bool ThrottledEnough(double bar)
        {
            var throttled = RecentThrottles();
            if (_recentCount < PacingTuning.EvidenceAnswers && throttled < PacingTuning.EvidenceThrottles) return false;
            return throttled / (double)_recentCount >= bar;
        }

        /// <summary>The share of the last <see cref="PacingTuning.RecentAnswers"/> answers that were throttles.</summary>
        public double RecentThrottledShare => RecentThrottles() / (double)Math.Max(1, _recentCount);

        private int RecentThrottles()
        {
            var throttled = 0;
            for (var i = 0; i < _recentCount; i++)
                if (_recent[i]) throttled++;
            return throttled;
        }

        /// <summary>What the service did with the starts from <paramref name="from"/> on, as answered so far.</summary>
        public Spell SpellFrom(TimeSpan from)
        {
            var answers = new List<Answer>();
            foreach (var answer in _answers)
                if (answer.SentAt >= from) answers.Add(answer);
            answers.Sort((a, b) => a.SentAt.CompareTo(b.SentAt));
            return new Spell(answers);
        }

        private void Trim(TimeSpan now)
        {
            while (_starts.Count > 0 && now - _starts.Peek() > StartWindow) _starts.Dequeue();
            while (_answers.Count > 0 && now - _answers.Peek().SentAt > AnswerHistory) _answers.Dequeue();
        }

        /// <summary>The answers to the starts of one spell, in the order they were started.</summary>
        internal sealed class Spell
        {
            public Spell(IReadOnlyList<Answer> answers)
            {
                // Throttles come back at once, accepted answers after the work: past the last accepted start,
                // the accepted answers are not all in yet, and onsets there would count too few between them.
                var answered = answers.Count;
                while (answered > 0 && answers[answered - 1].Throttled) answered--;
                var onsets = new List<int>();
                for (var i = 0; i < answers.Count; i++)
                {
                    if (!answers[i].Throttled)
                    {
                        Accepted++;
                        continue;
                    }
                    Throttled++;
                    LastThrottled = answers[i].SentAt;
                    // An onset: the first throttle after accepted starts, where the limit ran out again.
                    if (i > 0 && i < answered && !answers[i - 1].Throttled)
                    {
                        onsets.Add(i);
                    }
                }
                Onsets = onsets.Count;
                AcceptedRun = Accepted;
                if (onsets.Count < 2) return;
                var first = onsets[0];
                var last = onsets[onsets.Count - 1];
                var between = 0;
                for (var i = first; i < last; i++)
                    if (!answers[i].Throttled) between++;
                AcceptedRun = between / (double)(onsets.Count - 1);
                OnsetSpan = answers[last].SentAt - answers[first].SentAt;
                if (OnsetSpan > TimeSpan.Zero) OnsetRate = between / OnsetSpan.TotalSeconds;
            }

            public int Accepted { get; }
            public int Throttled { get; }

            /// <summary>When the last throttled start of the spell was started, or null with none.</summary>
            public TimeSpan? LastThrottled { get; }
            public double ThrottledShare => Throttled / (double)Math.Max(1, Accepted + Throttled);

            /// <summary>Accepted starts in a row between the times the limit ran out, on average.</summary>
            public double AcceptedRun { get; }

            /// <summary>How many times the limit ran out after letting starts through.</summary>
            public int Onsets { get; }

            /// <summary>From the first time the limit ran out in the spell to the last.</summary>
            public TimeSpan OnsetSpan { get; }

            /// <summary>
            /// Starts accepted a second between the first and the last time the limit ran out: its rate,
            /// whatever its shape (a bucket refills at it; a window lets it through each second), or null
            /// until it ran out twice.
            /// </summary>
            public double? OnsetRate { get; }
        }

        internal readonly struct Answer
        {
            public Answer(TimeSpan sentAt, bool throttled)
            {
                SentAt = sentAt;
                Throttled = throttled;
            }

            public TimeSpan SentAt { get; }
            public bool Throttled { get; }
        }
    }
}
