using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Qianfan.Tasks
{
    /// <summary>
    /// The -Name values without wildcards, and which of them no listed task had: as Get-Process -Name
    /// does, a plain name that matches nothing is an error, while a pattern that matches nothing is not.
    /// </summary>
    internal sealed class PlainNames
    {
        private readonly List<(string Name, Predicate<string> Matches)> _unmatched;

        /// <param name="names">The -Name values as given.</param>
        public PlainNames(IEnumerable<string?>? names)
        {
            _unmatched = (names ?? Enumerable.Empty<string?>()).OfType<string>()
                .Where(name => !WildcardPattern.ContainsWildcardCharacters(name))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                // Compiled as -Name compiles it (backtick escapes, any case), so that the two never disagree.
                .Select(name => (name, NamePattern.Compile(name)))
                .ToList();
        }

        /// <summary>Takes note of a task that passed every filter.</summary>
        public void Found(BatchTask task)
        {
            if (_unmatched.Count > 0) _unmatched.RemoveAll(name => name.Matches(task.Name ?? string.Empty));
        }

        /// <summary>The plain names no task noted so far had, in the order given.</summary>
        public IEnumerable<string> NotFound => _unmatched.Select(name => name.Name);
    }
}
