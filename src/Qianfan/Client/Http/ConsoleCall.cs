using System.IO;
using System.Text.Json;
using Qianfan.Protocol;

namespace Qianfan.Client.Http
{
    /// <summary>One console action to send: route, action name and JSON body.</summary>
    internal sealed class ConsoleCall
    {
        public ConsoleCall(string route, string action, byte[] jsonBody)
        {
            Route = string.IsNullOrEmpty(route) ? "/" : (route[0] == '/' ? route : "/" + route);
            Action = action;
            JsonBody = jsonBody ?? new byte[] { (byte)'{', (byte)'}' };
        }

        public string Route { get; }
        public string Action { get; }
        public byte[] JsonBody { get; }

        /// <summary>
        /// Says of a failure whether the caller takes it as done (a stop of a task already stopped, a delete of one
        /// already gone), so that it fails no id; null when every failure fails the call's id.
        /// </summary>
        public System.Func<QianfanServiceException, bool>? TakenAsDone { get; private set; }

        /// <summary>This call, with failures that <paramref name="takenAsDone"/> says the caller takes as done.</summary>
        public ConsoleCall TakingAsDone(System.Func<QianfanServiceException, bool> takenAsDone)
        {
            TakenAsDone = takenAsDone;
            return this;
        }

        /// <summary>A call whose body is <c>{"taskId": id}</c>, escaped properly whatever the id holds.</summary>
        public static ConsoleCall ForTask(string action, string taskId) =>
            new ConsoleCall(ServiceProtocol.Route.BatchInference, action, JsonObject(writer => writer.WriteString("taskId", taskId)));

        public static byte[] JsonObject(System.Action<Utf8JsonWriter> writeProperties)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writeProperties(writer);
                    writer.WriteEndObject();
                }
                return buffer.ToArray();
            }
        }
    }
}
