using System;
using System.Management.Automation;

namespace Qianfan.Tasks
{
    /// <summary>A -Name pattern as PowerShell reads wildcards (*, ?, [a-z], backtick escapes), in any case.</summary>
    internal static class NamePattern
    {
        /// <exception cref="ArgumentException">The pattern is malformed (such as "[a" with no closing bracket).</exception>
        public static Predicate<string> Compile(string pattern)
        {
            var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                // A malformed pattern only shows itself when first used: find out now, before any request.
                wildcard.IsMatch(string.Empty);
            }
            catch (WildcardPatternException problem)
            {
                throw new ArgumentException($"The name pattern '{pattern}' is not a valid wildcard pattern: {problem.Message} " +
                    "Close each [ with ], or put a backtick before [ and ] to match them as they are (for example 'report`[1`]*').", problem);
            }
            return wildcard.IsMatch;
        }
    }
}
