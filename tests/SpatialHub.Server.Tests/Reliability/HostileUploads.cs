using System.IO.Compression;
using System.Text;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>Uploads that try to make GDAL read server files, reach other hosts or exhaust the disk.</summary>
public static class HostileUploads
{
    /// <summary>A GDAL VRT whose layer is a server file read as CSV, each line given a point so it imports.</summary>
    public static string LocalFileVrt(string serverFile) => $"""
        <OGRVRTDataSource>
          <OGRVRTLayer name="leak">
            <SrcDataSource>CSV:{serverFile}</SrcDataSource>
            <SrcSQL dialect="sqlite">SELECT *, MakePoint(114.1, 22.3, 4326) AS geom FROM "{Path.GetFileNameWithoutExtension(serverFile)}"</SrcSQL>
            <GeometryType>wkbPoint</GeometryType>
            <LayerSRS>EPSG:4326</LayerSRS>
          </OGRVRTLayer>
        </OGRVRTDataSource>
        """;

    /// <summary>A GDAL VRT whose source GDAL would fetch over HTTP.</summary>
    public static string RemoteVrt(string url) => $"""
        <OGRVRTDataSource>
          <OGRVRTLayer name="remote">
            <SrcDataSource>/vsicurl/{url}</SrcDataSource>
            <GeometryType>wkbPoint</GeometryType>
            <LayerSRS>EPSG:4326</LayerSRS>
          </OGRVRTLayer>
        </OGRVRTDataSource>
        """;

    /// <summary>A GDAL WFS service description: opening it sends GetCapabilities to the URL.</summary>
    public static string WfsServiceFile(string url) => $"<OGRWFSDataSource><URL>{url}?SERVICE=WFS</URL></OGRWFSDataSource>";

    /// <summary>A valid one-feature GML whose schemaLocation is a WFS DescribeFeatureType URL.</summary>
    public static string GmlWithRemoteSchema(string url) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs" xmlns:gml="http://www.opengis.net/gml" xmlns:hk="http://example.org/hk"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            xsi:schemaLocation="http://example.org/hk {url}?SERVICE=WFS&amp;REQUEST=DescribeFeatureType&amp;TYPENAME=hk:place">
          <gml:featureMember>
            <hk:place fid="p1">
              <hk:name>Central</hk:name>
              <hk:geom><gml:Point srsName="EPSG:4326"><gml:coordinates>114.1582,22.2819</gml:coordinates></gml:Point></hk:geom>
            </hk:place>
          </gml:featureMember>
        </wfs:FeatureCollection>
        """;

    /// <summary>GML whose property is an external entity naming a local file and one naming a URL.</summary>
    public static string GmlWithExternalEntities(string localFile, string url) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE wfs:FeatureCollection [
          <!ENTITY local SYSTEM "file://{localFile}">
          <!ENTITY remote SYSTEM "{url}">
        ]>
        <wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs" xmlns:gml="http://www.opengis.net/gml" xmlns:hk="http://example.org/hk">
          <gml:featureMember>
            <hk:place fid="p1">
              <hk:name>&local;</hk:name>
              <hk:note>&remote;</hk:note>
              <hk:geom><gml:Point srsName="EPSG:4326"><gml:coordinates>114.1582,22.2819</gml:coordinates></gml:Point></hk:geom>
            </hk:place>
          </gml:featureMember>
        </wfs:FeatureCollection>
        """;

    /// <summary>KML whose placemark name is an external entity naming a local file and one naming a URL.</summary>
    public static string KmlWithExternalEntities(string localFile, string url) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE kml [
          <!ENTITY local SYSTEM "file://{localFile}">
          <!ENTITY remote SYSTEM "{url}">
        ]>
        <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
          <Placemark><name>&local;</name><description>&remote;</description><Point><coordinates>114.1582,22.2819</coordinates></Point></Placemark>
        </Document></kml>
        """;

    /// <summary>A zip of the given entries; a null content makes the entry a symbolic link to <c>/etc/passwd</c>.</summary>
    public static byte[] Zip(params (string Name, byte[]? Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize);
                if (content is null)
                {
                    entry.ExternalAttributes = (0xA000 | 0x1FF) << 16;
                }
                using var stream = entry.Open();
                stream.Write(content ?? "/etc/passwd"u8.ToArray());
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A zip of one entry of <paramref name="bytes"/> zeros: a few kilobytes that unpack to that many bytes.</summary>
    public static byte[] ZipBomb(string entryName, int bytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry(entryName, CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var written = 0; written < bytes; written += zeros.Length)
            {
                stream.Write(zeros, 0, Math.Min(zeros.Length, bytes - written));
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
