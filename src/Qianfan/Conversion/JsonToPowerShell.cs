using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;

namespace Qianfan.Conversion
{
    /// <summary>
    /// Turns a JSON value from an answer into what PowerShell users expect: an object becomes a
    /// PSCustomObject with its members in the answer's order, an array an object[], a whole number
    /// an int or long (decimal beyond that), a fraction a double. Strings stay strings: nothing is
    /// guessed to be a date.
    /// </summary>
    internal static class JsonToPowerShell
    {
        private static readonly char[] FractionMarks = { '.', 'e', 'E' };

        /// <summary>The value as PowerShell objects; null for JSON null or an absent value.</summary>
        public static object? Convert(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    var members = new List<KeyValuePair<string, object?>>();
                    var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                    foreach (var member in value.EnumerateObject())
                    {
                        var converted = new KeyValuePair<string, object?>(member.Name, Convert(member.Value));
                        // PowerShell property names ignore case: a later member of the same name wins, as in a JSON parser.
                        if (positions.TryGetValue(member.Name, out var at)) members[at] = converted;
                        else
                        {
                            positions[member.Name] = members.Count;
                            members.Add(converted);
                        }
                    }
                    return BuildPSObject(members);
                case JsonValueKind.Array:
                    var items = new object?[value.GetArrayLength()];
                    var i = 0;
                    foreach (var item in value.EnumerateArray()) items[i++] = Convert(item);
                    return items;
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Number:
                    return Number(value);
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        private static object Number(JsonElement value)
        {
            var text = value.GetRawText();
            var isWhole = text.IndexOfAny(FractionMarks) < 0;
            if (isWhole)
            {
                if (value.TryGetInt32(out var small)) return small;
                if (value.TryGetInt64(out var large)) return large;
                if (value.TryGetDecimal(out var huge)) return huge;
            }
            // A number too large for a double stays as its text rather than becoming infinity.
            return value.TryGetDouble(out var fraction) && !double.IsInfinity(fraction) ? (object)fraction : text;
        }

        private static PSObject BuildPSObject(IReadOnlyList<KeyValuePair<string, object?>> members)
        {
            var result = new PSObject();
            foreach (var member in members)
            {
                // A property needs a name; an empty member name (legal JSON, never seen from the service) has no PowerShell form.
                if (member.Key.Length == 0) continue;
                result.Properties.Add(new PSNoteProperty(member.Key, member.Value));
            }
            return result;
        }
    }
}
