namespace SpatialHub.Blazor.Tests;

/// <summary>Reads a recorded frame back (the layout spatialhub-map.js paints): the circles it draws.</summary>
public static class Frame
{
    public sealed record Circle(float X, float Y, float Radius, (float R, float G, float B, float A) Fill);

    public static List<Circle> Circles(byte[] bytes)
    {
        var b = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, b, 0, bytes.Length);
        var circles = new List<Circle>();
        var i = 0;
        while (i < b.Length)
        {
            switch ((int)b[i++])
            {
                case 1: i += 4; break;
                case 2:
                    circles.Add(new Circle(b[i], b[i + 1], b[i + 2], (b[i + 3], b[i + 4], b[i + 5], b[i + 6])));
                    i += 12;
                    break;
                case 3:
                    i++;
                    var parts = (int)b[i++];
                    for (var p = 0; p < parts; p++)
                    {
                        i += 1 + (2 * (int)b[i]);
                    }
                    i += 9;
                    break;
                case 4: i += 13; break;
                case 5: i += 4; break;
                case 6: break;
                default: throw new InvalidDataException($"unknown op {b[i - 1]} at {i - 1}");
            }
        }
        return circles;
    }
}
