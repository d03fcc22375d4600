// The portal's web toolkit: rendering, layout helpers, figures (maps and charts), CSV and assets.
// Capabilities' pages.ts import from here.
export { render, formatDate, SIGN_IN_PATH, SIGN_OUT_PATH } from "./render";
export {
  renderPage,
  pageContext,
  type Breadcrumb,
  type FieldError,
  type LayoutView,
  type PageContext,
} from "./page";
export { renderErrorPage } from "./errors";
export { registerAssets } from "./assets";
export {
  toCsv,
  csvResponse,
  csvDownload,
  csvHref,
  wantsCsv,
  type CsvColumn,
  type CsvValue,
} from "./csv";
export {
  choropleth,
  outlineMap,
  binnedScale,
  imdDecileScale,
  decileLabel,
  toMapFeatures,
  asAreaGeometry,
  weightedMeanBy,
  IMD_DECILE_COLOURS,
  BLUES_5,
  NO_DATA_COLOUR,
  type AreaGeometry,
  type ColourScale,
  type LegendItem,
  type MapDrawing,
  type MapFeature,
  type MapPoint,
  type ChoroplethOptions,
} from "./map";
export {
  barChart,
  type Bar,
  type BarChartOptions,
  type ChartDrawing,
} from "./chart";
export {
  mapFigure,
  chartFigure,
  paginate,
  type FigureView,
  type TableCell,
  type TableView,
  type PaginationView,
} from "./figure";
export { formatNumber, formatPercent, escapeXml } from "./svg";
