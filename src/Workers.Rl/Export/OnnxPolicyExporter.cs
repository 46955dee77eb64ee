using Fleet.Workers.Rl.Numerics;
using Google.Protobuf;
using Onnx;

namespace Fleet.Workers.Rl.Export;

/// <summary>
/// Writes a policy network as an ONNX model (opset 13): input <c>obs</c> float [batch, obs_dim], output
/// <c>logits</c> float [batch, actions], one Gemm (transB = 1, our [out, in] layout) per layer with Tanh between.
/// Any ONNX Runtime can serve it; argmax of the logits is the deterministic action.
/// </summary>
internal static class OnnxPolicyExporter
{
    public const string InputName = "obs";
    public const string OutputName = "logits";

    public static byte[] Export(Mlp policy, string env)
    {
        var graph = new GraphProto { Name = $"fleet-ppo-{env}" };
        graph.Input.Add(TensorValue(InputName, policy.InputSize));
        graph.Output.Add(TensorValue(OutputName, policy.OutputSize));
        var current = InputName;
        for (var l = 0; l < policy.Layers; l++)
        {
            var (inSize, outSize) = (policy.Sizes[l], policy.Sizes[l + 1]);
            graph.Initializer.Add(Tensor($"W{l}", policy.Weights(l), outSize, inSize));
            graph.Initializer.Add(Tensor($"b{l}", policy.Bias(l), outSize));
            var last = l == policy.Layers - 1;
            var gemmOut = last ? OutputName : $"h{l}_pre";
            var gemm = new NodeProto { Name = $"gemm{l}", OpType = "Gemm", Input = { current, $"W{l}", $"b{l}" }, Output = { gemmOut } };
            gemm.Attribute.Add(new AttributeProto { Name = "transB", I = 1, Type = AttributeProto.Types.AttributeType.Int });
            graph.Node.Add(gemm);
            current = gemmOut;
            if (!last)
            {
                graph.Node.Add(new NodeProto { Name = $"tanh{l}", OpType = "Tanh", Input = { current }, Output = { $"h{l}" } });
                current = $"h{l}";
            }
        }
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "Fleet.Workers.Rl",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    private static TensorProto Tensor(string name, ReadOnlySpan<double> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        foreach (var value in values)
        {
            tensor.FloatData.Add((float)value);
        }
        return tensor;
    }

    private static ValueInfoProto TensorValue(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
