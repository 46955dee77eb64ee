namespace Fleet.Workers.Llm.Batching;

/// <summary>
/// The running sequences' KV caches side by side, <c>[rows, kvHeads, Past, headSize]</c> per layer, each row
/// left-padded to the longest. Two sets of buffers take turns: a step reads one and ONNX Runtime writes the present
/// caches (one slot longer) into the other, so steady decoding copies nothing; only a change of rows re-packs.
/// </summary>
internal sealed class KvBatch(int layers, int kvHeads, int headSize)
{
    private float[][] keys = New(layers), values = New(layers);
    private float[][] spareKeys = New(layers), spareValues = New(layers);

    public int Past { get; private set; }

    public int Rows { get; private set; }

    public float[][] Keys => keys;
    public float[][] Values => values;

    /// <summary>Spare buffers sized for a step that writes <paramref name="total"/> slots per row.</summary>
    public (float[][] Keys, float[][] Values) SpareFor(int rows, int total)
    {
        var needed = rows * kvHeads * total * headSize;
        for (var l = 0; l < layers; l++)
        {
            if (spareKeys[l].Length < needed)
            {
                spareKeys[l] = new float[needed];
                spareValues[l] = new float[needed];
            }
        }
        return (spareKeys, spareValues);
    }

    /// <summary>After a step wrote the spare buffers: they become the caches, one slot longer.</summary>
    public void Advance()
    {
        (keys, spareKeys) = (spareKeys, keys);
        (values, spareValues) = (spareValues, values);
        Past++;
    }

    /// <summary>Re-packs <paramref name="sequences"/> (in row order) into the spare buffers, then swaps them in.</summary>
    public void Repack(IReadOnlyList<ActiveSequence> sequences)
    {
        var past = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        var (destKeys, destValues) = SpareFor(sequences.Count, past);
        for (var row = 0; row < sequences.Count; row++)
        {
            var sequence = sequences[row];
            var own = sequence.OwnKeys is not null;
            for (var l = 0; l < layers; l++)
            {
                Copy(own ? sequence.OwnKeys![l] : keys[l], own ? 0 : sequence.Row, own ? sequence.Length : Past, destKeys[l], row, past, sequence.Length);
                Copy(own ? sequence.OwnValues![l] : values[l], own ? 0 : sequence.Row, own ? sequence.Length : Past, destValues[l], row, past, sequence.Length);
            }
        }
        for (var row = 0; row < sequences.Count; row++)
        {
            sequences[row].Row = row;
            sequences[row].OwnKeys = null;
            sequences[row].OwnValues = null;
        }
        (keys, spareKeys) = (destKeys, keys);
        (values, spareValues) = (destValues, values);
        Past = past;
        Rows = sequences.Count;
    }

    /// <summary>Copies a row's <paramref name="length"/> newest slots, per head, right-aligned into the destination row.</summary>
    private void Copy(float[] source, int sourceRow, int sourcePast, float[] dest, int destRow, int destPast, int length)
    {
        for (var h = 0; h < kvHeads; h++)
        {
            var from = ((sourceRow * kvHeads + h) * sourcePast + sourcePast - length) * headSize;
            var to = ((destRow * kvHeads + h) * destPast + destPast - length) * headSize;
            Array.Copy(source, from, dest, to, length * headSize);
        }
    }

    private static float[][] New(int layers) => [.. Enumerable.Range(0, layers).Select(_ => Array.Empty<float>())];
}
