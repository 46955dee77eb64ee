namespace Fleet.Workers.Rl.Numerics;

/// <summary>Orthogonal initialisation: a Gaussian matrix orthonormalised (QR with a positive diagonal), times a gain.</summary>
internal static class Orthogonal
{
    /// <summary>Fills a [rows, cols] row-major matrix whose rows (or columns, whichever are fewer) are orthonormal.</summary>
    public static void Fill(Span<double> matrix, int rows, int cols, double gain, Xoshiro256 rng)
    {
        // Orthonormalise the `small` vectors of length `large`; they become the rows or the columns.
        var transpose = rows < cols;
        var (count, length) = transpose ? (rows, cols) : (cols, rows);
        var vectors = new double[count][];
        for (var v = 0; v < count; v++)
        {
            var vector = vectors[v] = new double[length];
            for (var i = 0; i < length; i++)
            {
                vector[i] = rng.NextGaussian();
            }
            // Modified Gram–Schmidt: equals the Q of a QR whose R has a positive diagonal.
            for (var u = 0; u < v; u++)
            {
                var dot = System.Numerics.Tensors.TensorPrimitives.Dot<double>(vectors[u], vector);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(vectors[u], -dot, vector, vector);
            }
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm<double>(vector);
            System.Numerics.Tensors.TensorPrimitives.Multiply(vector, 1 / norm, vector);
        }
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                matrix[(r * cols) + c] = gain * (transpose ? vectors[r][c] : vectors[c][r]);
            }
        }
    }
}
