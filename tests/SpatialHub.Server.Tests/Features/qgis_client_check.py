"""Opens a running SpatialHub in headless QGIS the way a GIS user adds it, and prints what QGIS saw as one JSON line.

Usage: python3 qgis_client_check.py BASE_URL COLLECTION TILE_LAYERS
Run by QgisClientTests with Debian's python3-qgis (QGIS 3.22). Every HTTP request QGIS makes is recorded, so the test
can tell which parameters QGIS itself sent (e.g. whether it asked for crs= or reprojected on its own). QGIS 3.22's OAPIF
provider predates its support of Part 2 (CRS): it ignores srsname and reads CRS84, so "grid" is then QGIS's own
reprojection of the layer to EPSG:2326, as a project in HK1980 Grid shows it.
"""
import json
import os
import sys
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402  (the platform must be chosen before Qt loads)
    Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsDataSourceUri, QgsProject, QgsFeatureRequest, QgsMapBoxGlStyleConverter,
    QgsMapRendererSequentialJob, QgsMapSettings, QgsNetworkAccessManager, QgsNetworkRequestParameters, QgsRectangle, QgsVectorLayer, QgsVectorTileLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402

base, collection, tiles = sys.argv[1:4]
app = QgsApplication([], False)
app.initQgis()
requests = []
# The one-argument overload: the default one is the deprecated three-argument signal.
QgsNetworkAccessManager.instance().requestAboutToBeCreated[QgsNetworkRequestParameters].connect(
    lambda r: requests.append(r.request().url().toString()))
result = {"qgis": Qgis.QGIS_VERSION}


def oapif(srsname=None, only_view_extent=False):
    uri = QgsDataSourceUri()
    uri.setParam("url", base)
    uri.setParam("typename", collection)
    if only_view_extent:  # "Only request features overlapping the view extent"
        uri.setParam("restrictToRequestBBOX", "1")
    if srsname:
        uri.setParam("srsname", srsname)
    return QgsVectorLayer(uri.uri(False), collection, "OAPIF")


def points(layer, request=None, transform=None):
    found = {}
    for feature in layer.getFeatures(request or QgsFeatureRequest()):
        geometry = feature.geometry()
        if transform:
            geometry.transform(transform)
        point = geometry.asPoint()
        found[str(feature["id"]) if "id" in feature.fields().names() else str(feature.id())] = [point.x(), point.y()]
    return found


# OGC API - Features: the collection as a layer, its feature count, a bbox request, then the same layer in HK1980 Grid.
layer = oapif()
result["oapif"] = {"valid": layer.isValid(), "crs": layer.crs().authid(), "featureCount": layer.featureCount(),
                   "fields": layer.fields().names(), "points": points(layer)}
box = QgsRectangle(114.20, 22.415, 114.22, 22.435)
result["oapif"]["inBox"] = sorted(points(oapif(only_view_extent=True), QgsFeatureRequest().setFilterRect(box)).keys())
grid = oapif("EPSG:2326")
hk1980 = QgsCoordinateReferenceSystem("EPSG:2326")
reprojected = None if grid.crs() == hk1980 else QgsCoordinateTransform(grid.crs(), hk1980, QgsProject.instance())
result["grid"] = {"valid": grid.isValid(), "layerCrs": grid.crs().authid(), "reprojectedByQgis": reprojected is not None,
                  "points": points(grid, transform=reprojected)}
QgsApplication.processEvents()  # requests made in provider threads are signalled through the main thread's queue
result["oapifRequests"] = list(requests)
requests.clear()

# Vector tiles with the service's MapLibre style as the style URL (QGIS's "Style URL" of a vector tile connection).
tile_uri = QgsDataSourceUri()
tile_uri.setParam("type", "xyz")
tile_uri.setParam("url", f"{base}/tiles/{tiles}/{{z}}/{{x}}/{{y}}")
tile_uri.setParam("zmin", "0")
tile_uri.setParam("zmax", "16")
tile_uri.setParam("styleUrl", f"{base}/styles/{tiles}")
vector_tiles = QgsVectorTileLayer(bytes(tile_uri.encodedUri()).decode(), tiles)
message, style_loaded = vector_tiles.loadDefaultStyle()
converter = QgsMapBoxGlStyleConverter()
with urllib.request.urlopen(f"{base}/styles/{tiles}") as response:
    converted = converter.convert(json.loads(response.read()))
styles = vector_tiles.renderer().styles() if vector_tiles.renderer() else []
settings = QgsMapSettings()
settings.setLayers([vector_tiles])
settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
settings.setExtent(QgsRectangle(12698000, 2530000, 12730000, 2560000))  # Kowloon and the north of Hong Kong Island
settings.setOutputSize(QSize(256, 256))
job = QgsMapRendererSequentialJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
background = image.pixel(0, 0)
drawn = sum(1 for x in range(0, 256, 2) for y in range(0, 256, 2) if image.pixel(x, y) != background)
result["vectorTiles"] = {"valid": vector_tiles.isValid(), "styleLoaded": style_loaded, "styleMessage": message,
                         "converterResult": int(converted), "converterWarnings": converter.warnings(),
                         "styleNames": [s.styleName() for s in styles], "drawnSamples": drawn}
clusters = next((s for s in styles if s.styleName() == f"{tiles}:clusters"), None)
if clusters:
    # The converted MapLibre expressions become data-defined properties of the symbol (the colour's is a CASE).
    defined = clusters.symbol().dataDefinedProperties()
    result["vectorTiles"]["clusterExpressions"] = [defined.property(k).expressionString() for k in defined.propertyKeys()]
QgsApplication.processEvents()
result["vectorTiles"]["requests"] = list(requests)
print(json.dumps(result), flush=True)
# Leaving through QgsApplication.exitQgis() crashes QGIS 3.22 headless at teardown; the result is out, so exit at once.
os._exit(0)
