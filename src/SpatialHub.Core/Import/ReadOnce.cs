namespace SpatialHub.Core.Import;

/// <summary>The readers stream their source forward once (an upload is not kept to be read twice): a second
/// <c>Read()</c> is a programming error, not bad input.</summary>
internal static class ReadOnce
{
    public static void Start(ref bool started)
    {
        if (started)
        {
            throw new InvalidOperationException("A reader reads its stream once.");
        }
        started = true;
    }
}
