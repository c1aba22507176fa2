using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;

namespace Qianfan.Tests
{
    /// <summary>One vendor-shaped answer of tests/data/vendor: its HTTP status and body (see the README there).</summary>
    internal sealed class VendorFixture
    {
        private VendorFixture(string name, HttpStatusCode status, string body)
        {
            Name = name;
            Status = status;
            Body = body;
        }

        /// <summary>The file name without ".status.json", e.g. "list-vendor-truncated".</summary>
        public string Name { get; }

        public HttpStatusCode Status { get; }
        public string Body { get; }

        /// <summary>The body parsed; a copy the caller may keep.</summary>
        public JsonElement Json
        {
            get
            {
                using (var document = JsonDocument.Parse(Body)) return document.RootElement.Clone();
            }
        }

        public static string Directory => Path.Combine(SharedFiles.SharedDirectory, "vendor");

        /// <summary>Every fixture's name, for theories.</summary>
        public static IEnumerable<object[]> Names() =>
            System.IO.Directory.GetFiles(Directory, "*.json").Select(path => new object[] { NameOf(path) }).OrderBy(n => (string)n[0]);

        public static VendorFixture Load(string name)
        {
            var path = System.IO.Directory.GetFiles(Directory, name + ".*.json").Single();
            var status = (HttpStatusCode)int.Parse(Path.GetFileNameWithoutExtension(path).AsSpan(name.Length + 1), System.Globalization.CultureInfo.InvariantCulture);
            return new VendorFixture(name, status, File.ReadAllText(path));
        }

        private static string NameOf(string path)
        {
            var withStatus = Path.GetFileNameWithoutExtension(path);
            return withStatus.Substring(0, withStatus.LastIndexOf('.'));
        }
    }
}
