using System.Text;

namespace SpatialHub.Server.Import;

/// <summary>Refuses XML (GML, KML, GPX) whose prolog has a document type declaration: entities are the way to
/// external files and URLs (XXE) and to exponential expansion, and geodata never needs them.</summary>
internal static class XmlProlog
{
    private const int HeadBytes = 64 * 1024;

    public static readonly HashSet<string> XmlFormats = new(StringComparer.Ordinal) { "gml", "kml", "gpx" };

    /// <exception cref="UploadRefusedException">422: a DOCTYPE before the root element.</exception>
    public static void EnsureNoDocumentType(string path, string fileName)
    {
        var head = new byte[HeadBytes];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        var text = Encoding.UTF8.GetString(head, 0, read);
        var root = IndexOfRootElement(text);
        var doctype = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (doctype >= 0 && (root < 0 || doctype < root))
        {
            throw UploadRefusedException.Unreadable(
                $"{fileName}: XML with a document type declaration (<!DOCTYPE>, entities) is not accepted; remove it and upload again.");
        }
    }

    /// <summary>The first '&lt;' followed by a name start: the root element (declarations, comments and
    /// processing instructions start with '&lt;!' or '&lt;?').</summary>
    private static int IndexOfRootElement(string text)
    {
        for (var i = text.IndexOf('<'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('<', i + 1))
        {
            if (char.IsLetter(text[i + 1]) || text[i + 1] == '_')
            {
                return i;
            }
        }
        return -1;
    }
}
