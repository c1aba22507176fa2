using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Numerics;
using System.Security;
using System.Text;
using System.Text.Json;
using Qianfan.Signing;

namespace Qianfan.Conversion
{
    /// <summary>
    /// Turns what a user gives as the body of a console action into the JSON object that is sent:
    /// nothing (an empty object), JSON text, a hashtable or ordered dictionary, a PSCustomObject,
    /// or any object whose properties make the fields. Nested dictionaries, objects and lists
    /// become nested JSON; dates are sent as UTC in the service's format (yyyy-MM-ddTHH:mm:ssZ); a
    /// Qianfan.BatchTask is sent with the service's own field names.
    /// </summary>
    internal static class ConsoleBody
    {
        /// <summary>How deep a body may nest; deeper is refused (a cycle, or an object graph never meant as a body).</summary>
        public const int MaxDepth = 32;

        /// <summary>The body as UTF-8 JSON bytes.</summary>
        /// <exception cref="ArgumentException">The body is not a JSON object or cannot be written as one; the message says why.</exception>
        public static byte[] ToJson(object? body)
        {
            body = Unwrap(body);
            if (body == null) return EmptyObject();
            if (body is string text) return FromText(text);
            if (!IsObjectLike(body))
                throw new ArgumentException($"The body must be a JSON object (a hashtable, a PSCustomObject or JSON text such as '{{\"taskId\":\"infer-...\"}}'), not {Describe(body)}.");

            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                    WriteValue(writer, body, 0, "body");
                return buffer.ToArray();
            }
        }

        private static byte[] FromText(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return EmptyObject();
            JsonValueKind kind;
            try
            {
                using (var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth }))
                    kind = document.RootElement.ValueKind;
            }
            catch (JsonException problem)
            {
                throw new ArgumentException("The body text is not valid JSON: " + problem.Message, problem);
            }
            if (kind != JsonValueKind.Object)
                throw new ArgumentException($"The body text must be a JSON object ({{...}}), not a JSON {kind.ToString().ToLowerInvariant()}.");
            return new UTF8Encoding(false).GetBytes(text);
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value, int depth, string path)
        {
            value = Unwrap(value);
            if (depth > MaxDepth)
                throw new ArgumentException($"The body nests deeper than {MaxDepth} levels at {path}; is there a loop in it?");
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    return;
                case string text:
                    writer.WriteStringValue(text);
                    return;
                case char character:
                    writer.WriteStringValue(character.ToString());
                    return;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    return;
                case SwitchParameter switchParameter:
                    writer.WriteBooleanValue(switchParameter.IsPresent);
                    return;
                case Enum enumValue:
                    writer.WriteStringValue(enumValue.ToString());
                    return;
                case DateTime date:
                    writer.WriteStringValue(BceV1Signer.FormatTimestamp(new DateTimeOffset(date.ToUniversalTime())));
                    return;
                case DateTimeOffset dateOffset:
                    writer.WriteStringValue(BceV1Signer.FormatTimestamp(dateOffset));
                    return;
                case BatchTask task:
                    // A task from Get-QianfanBatchTask goes as the service wrote it (taskId, ...), not by its PascalCase properties.
                    task.WriteServiceJson(writer);
                    return;
                case SecureString _:
                case PSCredential _:
                    throw new ArgumentException($"The body holds a secret ({value.GetType().Name}) at {path}; secrets are not put in request bodies. Give the plain value explicitly if the action really needs it.");
            }
            if (WriteNumber(writer, value, path)) return;
            if (value is IDictionary dictionary)
            {
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    var name = System.Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? string.Empty;
                    writer.WritePropertyName(name);
                    WriteValue(writer, entry.Value, depth + 1, path + "." + name);
                }
                writer.WriteEndObject();
                return;
            }
            if (value is IEnumerable list)
            {
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in list)
                    WriteValue(writer, item, depth + 1, path + "[" + index++ + "]");
                writer.WriteEndArray();
                return;
            }
            if (IsPlainValue(value))
            {
                writer.WriteStringValue(System.Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            }
            WriteProperties(writer, PSObject.AsPSObject(value), depth, path);
        }

        /// <summary>A PSCustomObject or any other object: its properties, as PowerShell sees them, are the fields.</summary>
        private static void WriteProperties(Utf8JsonWriter writer, PSObject source, int depth, string path)
        {
            writer.WriteStartObject();
            foreach (var property in source.Properties)
            {
                if (!property.IsGettable) continue;
                object? propertyValue;
                try
                {
                    propertyValue = property.Value;
                }
                catch (Exception problem) when (problem is GetValueException || problem is ExtendedTypeSystemException)
                {
                    throw new ArgumentException($"The body's property {path}.{property.Name} could not be read: {problem.Message}", problem);
                }
                writer.WritePropertyName(property.Name);
                WriteValue(writer, propertyValue, depth + 1, path + "." + property.Name);
            }
            writer.WriteEndObject();
        }

        private static bool WriteNumber(Utf8JsonWriter writer, object value, string path)
        {
            switch (value)
            {
                case int n: writer.WriteNumberValue(n); return true;
                case long n: writer.WriteNumberValue(n); return true;
                case short n: writer.WriteNumberValue(n); return true;
                case byte n: writer.WriteNumberValue(n); return true;
                case sbyte n: writer.WriteNumberValue(n); return true;
                case ushort n: writer.WriteNumberValue(n); return true;
                case uint n: writer.WriteNumberValue(n); return true;
                case ulong n: writer.WriteNumberValue(n); return true;
                case decimal n: writer.WriteNumberValue(n); return true;
                case BigInteger n: writer.WriteRawValue(n.ToString(CultureInfo.InvariantCulture)); return true;
                case double n:
                    if (double.IsNaN(n) || double.IsInfinity(n)) throw NotANumber(path, n.ToString(CultureInfo.InvariantCulture));
                    writer.WriteNumberValue(n);
                    return true;
                case float n:
                    if (float.IsNaN(n) || float.IsInfinity(n)) throw NotANumber(path, n.ToString(CultureInfo.InvariantCulture));
                    writer.WriteNumberValue(n);
                    return true;
                default:
                    return false;
            }
        }

        private static ArgumentException NotANumber(string path, string text) =>
            new ArgumentException($"The body holds {text} at {path}, which JSON cannot carry.");

        private static byte[] EmptyObject() => new[] { (byte)'{', (byte)'}' };

        private static object? Unwrap(object? value)
        {
            if (value is PSObject wrapped)
            {
                // A PSCustomObject has no base object of its own: its note properties are its fields.
                var inner = wrapped.BaseObject;
                return inner is PSCustomObject ? wrapped : inner;
            }
            return value is DBNull ? null : value;
        }

        /// <summary>Values that are written as their invariant text (ids, versions, addresses).</summary>
        private static bool IsPlainValue(object value) =>
            value is Guid || value is Uri || value is Version || value is TimeSpan || value.GetType().IsPrimitive;

        private static bool IsObjectLike(object value) =>
            value is IDictionary || value is PSObject ||
            !(value is IEnumerable || value is ValueType || value is SecureString || value is PSCredential);

        private static string Describe(object value) =>
            value is IEnumerable ? "a list" : "a single " + value.GetType().Name + " value";
    }
}
