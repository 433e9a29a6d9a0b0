// The interface language: English or Traditional Chinese (zh-HK), switchable and remembered in localStorage.
// Static text carries data-i18n="key" (textContent) or data-i18n-attr="attribute:key" in the HTML; scripts ask t(key).
// A change fires `spatialhub:language` on document so modules re-render what they drew.

const storageKey = 'spatialhub:language';
export const languages = ['en', 'zh-HK'];

const strings = {
  en: {
    subtitle: 'Hong Kong I&T sites, Wi-Fi.HK hotspots and lampposts',
    search: 'Search by name', searchButton: 'Search', searchPlaceholder: 'e.g. Science Park',
    layers: 'Layers', layersHint: 'Features in view are counted after each move.',
    district: 'District', districtLabel: 'Show only features inside', allDistricts: 'All of Hong Kong',
    removeDistrict: 'Remove the district filter: {name}',
    export: 'Export', exportDataset: 'Dataset', exportScope: 'Features', exportFormat: 'Format', exportCrs: 'Coordinates',
    inView: 'In view', inDistrict: 'In the chosen district',
    share: 'Share', shareButton: 'Copy link to this view', embedButton: 'Embed…', linkCopied: 'Link copied',
    legend: 'Legend', featuresInView: 'Features in view', tools: 'Tools', language: 'Language', overlays: 'Overlays',
    hidden: 'hidden', inViewCount: '{n} in view', cluster: '{n} {title} (cluster: click to zoom in)',
    skipList: 'Skip the feature list', more: '…and {n} more: zoom in to list them.',
    coordinates: 'Coordinates', copy: 'Copy', measure: 'Measure', print: 'Print / PDF', printPaper: 'Paper size', locate: 'Locate me',
    exportHk1980: 'HK1980 Grid (EPSG:2326)', exportWgs84: 'WGS84 (longitude, latitude)', kmlWgs84: 'KML is always WGS84.',
  },
  'zh-HK': {
    subtitle: '香港創科地點、Wi-Fi.HK 熱點及燈柱',
    search: '按名稱搜尋', searchButton: '搜尋', searchPlaceholder: '例如：科學園',
    layers: '圖層', layersHint: '每次移動地圖後會重新點算範圍內的項目。',
    district: '地區', districtLabel: '只顯示以下地區內的項目', allDistricts: '全港',
    removeDistrict: '移除地區篩選：{name}',
    export: '匯出', exportDataset: '數據集', exportScope: '項目', exportFormat: '格式', exportCrs: '坐標',
    inView: '畫面範圍內', inDistrict: '所選地區內',
    share: '分享', shareButton: '複製此畫面的連結', embedButton: '嵌入…', linkCopied: '已複製連結',
    legend: '圖例', featuresInView: '畫面內的項目', tools: '工具', language: '語言', overlays: '疊加圖層',
    hidden: '已隱藏', inViewCount: '畫面內 {n} 個', cluster: '{n} 個{title}（群組：按一下放大）',
    skipList: '跳過項目清單', more: '……另有 {n} 個：放大地圖以列出。',
    coordinates: '坐標', copy: '複製', measure: '量度', print: '列印／PDF', printPaper: '紙張大小', locate: '我的位置',
    exportHk1980: '香港 1980 方格網（EPSG:2326）', exportWgs84: 'WGS84（經度、緯度）', kmlWgs84: 'KML 一律使用 WGS84。',
  },
};

function stored() {
  try { return window.localStorage.getItem(storageKey); } catch { return null; }
}

let current = languages.includes(new URLSearchParams(window.location.search).get('lang'))
  ? new URLSearchParams(window.location.search).get('lang')
  : languages.includes(stored()) ? stored() : 'en';

export const language = () => current;

/** The string `key` in the current language, with {name} placeholders filled from `values`. */
export function t(key, values = {}) {
  const template = strings[current][key] ?? strings.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

/** Applies the current language to the page's static text. */
export function translatePage(root = document) {
  document.documentElement.lang = current;
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':');
      node.setAttribute(attribute, t(key));
    }
  }
}

export function setLanguage(value) {
  if (!languages.includes(value) || value === current) return;
  current = value;
  try { window.localStorage.setItem(storageKey, value); } catch { /* private mode: this page only */ }
  translatePage();
  document.dispatchEvent(new CustomEvent('spatialhub:language', { detail: value }));
}
