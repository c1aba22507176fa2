using System.Text.Json;

namespace Qianfan.Emulator.Actions;

/// <summary>The fixed list DescribeBatchInferenceModel answers with. Made-up models: the emulator runs nothing.</summary>
internal static class ModelCatalog
{
    private sealed record Model(string ModelId, string Name, string Endpoint, string Description, int MaxInputTokens);

    private static readonly Model[] Models =
    {
        new("amv-emulator0001", "Emulator-Chat-8K", "emulator-chat", "general chat model for batch inference tests", 8192),
        new("amv-emulator0002", "Emulator-Chat-128K", "emulator-chat-128k", "long-context chat model for batch inference tests", 131072),
        new("amv-emulator0003", "Emulator-Embedding", "emulator-embedding", "embedding model for batch inference tests", 512),
    };

    public static void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var model in Models)
        {
            writer.WriteStartObject();
            writer.WriteString("modelId", model.ModelId);
            writer.WriteString("name", model.Name);
            writer.WriteString("endpoint", model.Endpoint);
            writer.WriteString("description", model.Description);
            writer.WriteNumber("maxInputTokens", model.MaxInputTokens);
            writer.WriteBoolean("supportBatchInference", true);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
