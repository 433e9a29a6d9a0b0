// How each dataset is drawn: MapLibre style layers, the legend that explains them, and a feature's display name.
// Every layer id starts with "<dataset>:" and carries metadata["spatialhub:dataset"], so tools find a dataset's layers.

/** I&T site categories: colour and the one-letter symbol drawn on the marker (labels use local fonts, no glyph server). */
export const siteCategories = [
  { value: 'science_park', label: 'Science park', colour: '#0b57a4', symbol: 'S' },
  { value: 'innopark', label: 'InnoPark', colour: '#7b2cbf', symbol: 'I' },
  { value: 'university', label: 'University', colour: '#b02a37', symbol: 'U' },
  { value: 'talent_housing', label: 'Talent housing', colour: '#1e7a3a', symbol: 'H' },
];
const otherSiteColour = '#5c6670';

const fontStack = ['Liberation Sans', 'DejaVu Sans', 'Arial', 'sans-serif'];
const haloText = { 'text-color': '#1b1f24', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 };
const hovered = ['boolean', ['feature-state', 'hover'], false];
const isCluster = ['has', 'point_count'];

/** Fields that name a feature, most specific first. */
const nameFields = ['name_en', 'LocationNameEN', 'DC_ENG', 'LP_NUMBER', 'Lamp Post Number', 'name', 'NAME', 'title'];

export function featureName(properties, datasetTitle) {
  if (properties.point_count > 1) {
    return `${properties.point_count} ${datasetTitle} features (cluster)`;
  }
  for (const field of nameFields) {
    if (properties[field] !== undefined && properties[field] !== null && properties[field] !== '') {
      return String(properties[field]);
    }
  }
  return datasetTitle;
}

/** A cluster stands for point_count features; anything else for one. */
export const featureWeight = (properties) => (properties.point_count > 1 ? Number(properties.point_count) : 1);

function layer(dataset, suffix, definition) {
  return {
    id: `${dataset.id}:${suffix}`,
    source: dataset.id,
    'source-layer': dataset.id,
    metadata: { 'spatialhub:dataset': dataset.id, 'spatialhub:interactive': definition.interactive !== false },
    ...withoutInteractive(definition),
  };
}
function withoutInteractive({ interactive, ...rest }) { return rest; }

function clusterLayers(dataset, colour, countField) {
  const count = countField ? ['get', countField] : ['get', 'point_count'];
  return [
    layer(dataset, 'clusters', {
      type: 'circle',
      filter: isCluster,
      paint: {
        'circle-color': colour,
        'circle-opacity': 0.8,
        'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 8, 50, 12, 500, 18, 3000, 24],
        'circle-stroke-color': ['case', hovered, '#1b1f24', '#ffffff'],
        'circle-stroke-width': ['case', hovered, 3, 1.5],
      },
    }),
    layer(dataset, 'cluster-counts', {
      type: 'symbol',
      filter: isCluster,
      interactive: false,
      // Counts that would collide are left out rather than drawn over each other; the circles stay.
      layout: { 'text-field': ['to-string', count], 'text-font': fontStack, 'text-size': 12, 'text-allow-overlap': false },
      paint: { 'text-color': '#ffffff', 'text-halo-color': 'rgba(0,0,0,0.45)', 'text-halo-width': 1 },
    }),
  ];
}

const styles = {
  districts: {
    legend: [{ label: 'District boundary', colour: '#4a3b8f', shape: 'line' }],
    layers: (d) => [
      layer(d, 'fill', {
        type: 'fill',
        paint: { 'fill-color': '#4a3b8f', 'fill-opacity': ['case', hovered, 0.18, 0.02] },
      }),
      layer(d, 'outline', {
        type: 'line', interactive: false,
        paint: { 'line-color': '#4a3b8f', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1, 14, 2.5], 'line-opacity': 0.8 },
      }),
      layer(d, 'names', {
        type: 'symbol', interactive: false,
        layout: { 'text-field': ['get', 'DC_ENG'], 'text-font': fontStack, 'text-size': 13, 'text-transform': 'uppercase', 'text-letter-spacing': 0.05 },
        paint: { ...haloText, 'text-color': '#3b2f73' },
      }),
    ],
  },
  'it-sites': {
    legend: [
      ...siteCategories.map((c) => ({ label: `${c.symbol} ${c.label}`, colour: c.colour })),
      { label: 'Other I&T site', colour: otherSiteColour },
      { label: 'Nearby sites (number: sites)', colour: '#34495e', large: true },
    ],
    layers: (d) => [
      // Below the server's clustering zoom, nearby sites arrive as one cluster feature with point_count.
      ...clusterLayers(d, '#34495e'),
      layer(d, 'markers', {
        type: 'circle',
        filter: ['!', isCluster],
        paint: {
          'circle-color': ['match', ['get', 'category'], ...siteCategories.flatMap((c) => [c.value, c.colour]), otherSiteColour],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 7, 15, 11],
          'circle-stroke-color': ['case', hovered, '#1b1f24', '#ffffff'],
          'circle-stroke-width': ['case', hovered, 3, 2],
        },
      }),
      layer(d, 'symbols', {
        type: 'symbol', interactive: false,
        filter: ['!', isCluster],
        layout: {
          'text-field': ['match', ['get', 'category'], ...siteCategories.flatMap((c) => [c.value, c.symbol]), '•'],
          'text-font': fontStack, 'text-size': 11, 'text-allow-overlap': true, 'text-ignore-placement': true,
        },
        paint: { 'text-color': '#ffffff' },
      }),
      layer(d, 'labels', {
        type: 'symbol', interactive: false, minzoom: 11,
        filter: ['!', isCluster],
        layout: {
          'text-field': ['get', 'name_en'], 'text-font': fontStack, 'text-size': 12, 'text-offset': [0, 1.2],
          'text-anchor': 'top', 'text-max-width': 10, 'text-optional': true,
        },
        paint: haloText,
      }),
    ],
  },
  'wifi-hk': {
    legend: [
      { label: 'Wi-Fi.HK location (size: hotspots)', colour: '#d9480f' },
      { label: 'Cluster (number: locations)', colour: '#e8590c', large: true },
    ],
    layers: (d) => [
      ...clusterLayers(d, '#e8590c'),
      layer(d, 'points', {
        type: 'circle',
        filter: ['!', isCluster],
        paint: {
          'circle-color': '#d9480f',
          'circle-opacity': 0.85,
          'circle-radius': ['interpolate', ['linear'], ['to-number', ['get', 'NumberOfHotspots'], 1], 1, 3.5, 5, 5, 20, 8, 100, 13],
          'circle-stroke-color': ['case', hovered, '#1b1f24', '#ffffff'],
          'circle-stroke-width': ['case', hovered, 3, 1],
        },
      }),
    ],
  },
  lampposts: {
    legend: [{ label: 'Street lamppost', colour: '#6c757d', small: true }],
    layers: (d) => [
      layer(d, 'clusters', {
        type: 'circle',
        filter: isCluster,
        paint: {
          'circle-color': '#6c757d', 'circle-opacity': 0.6,
          'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 3, 100, 6, 1000, 9],
          'circle-stroke-color': ['case', hovered, '#1b1f24', '#ffffff'], 'circle-stroke-width': ['case', hovered, 2, 0.5],
        },
      }),
      layer(d, 'points', {
        type: 'circle',
        filter: ['!', isCluster],
        paint: {
          'circle-color': '#6c757d',
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 1.5, 17, 4],
          'circle-stroke-color': '#1b1f24', 'circle-stroke-width': ['case', hovered, 2, 0],
        },
      }),
    ],
  },
  'smart-lampposts': {
    legend: [{ label: 'Multi-functional smart lamppost', colour: '#c2255c', ring: true }],
    layers: (d) => [
      ...clusterLayers(d, '#c2255c'),
      layer(d, 'points', {
        type: 'circle',
        filter: ['!', isCluster],
        paint: {
          'circle-color': '#ffffff',
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 17, 8],
          'circle-stroke-color': ['case', hovered, '#1b1f24', '#c2255c'],
          'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 17, 4],
        },
      }),
    ],
  },
};

const genericColours = ['#2b8a3e', '#1864ab', '#862e9c', '#a61e4d', '#5f3dc4', '#0b7285'];

function genericStyle(dataset, index) {
  const colour = genericColours[index % genericColours.length];
  const type = (dataset.geometryType || '').toLowerCase();
  if (type.includes('polygon')) {
    return {
      legend: [{ label: dataset.title, colour, shape: 'line' }],
      layers: (d) => [
        layer(d, 'fill', { type: 'fill', paint: { 'fill-color': colour, 'fill-opacity': ['case', hovered, 0.35, 0.15] } }),
        layer(d, 'outline', { type: 'line', interactive: false, paint: { 'line-color': colour, 'line-width': 1.5 } }),
      ],
    };
  }
  if (type.includes('line')) {
    return {
      legend: [{ label: dataset.title, colour, shape: 'line' }],
      layers: (d) => [layer(d, 'lines', { type: 'line', paint: { 'line-color': colour, 'line-width': ['case', hovered, 4, 2] } })],
    };
  }
  return {
    legend: [{ label: dataset.title, colour }],
    layers: (d) => [
      ...clusterLayers(d, colour),
      layer(d, 'points', {
        type: 'circle', filter: ['!', isCluster],
        paint: { 'circle-color': colour, 'circle-radius': 5, 'circle-stroke-color': ['case', hovered, '#1b1f24', '#ffffff'], 'circle-stroke-width': ['case', hovered, 3, 1] },
      }),
    ],
  };
}

/** The style of one catalog dataset: its layers (bottom to top) and legend entries. */
export function datasetStyle(dataset, index) {
  const style = styles[dataset.id] ?? genericStyle(dataset, index);
  return { layers: style.layers(dataset), legend: style.legend };
}

/** Draw order: areas first, then lines, then points with the sparse highlighted ones on top. */
const drawOrder = ['districts', 'lampposts', 'wifi-hk', 'smart-lampposts', 'it-sites'];
export function drawRank(dataset) {
  const rank = drawOrder.indexOf(dataset.id);
  if (rank >= 0) return rank + 10;
  return (dataset.geometryType || '').toLowerCase().includes('polygon') ? 0 : 5;
}

export const datasetOf = (layerOrFeature) => (layerOrFeature.layer ?? layerOrFeature).metadata?.['spatialhub:dataset'];
