// The public API of handling statistics and e-government indicators (issue 16). Other features, routes, scripts
// and tests import from here only; behind it:
//   scope (who sees what, the period and cut-off) · handling (figures and their documents, as of a cut-off)
// Every function here takes the ServiceContext first.
export {
  canViewStatistics,
  organizationUnits,
  resolvePeriod,
  resolveScope,
  type ResolvedPeriod,
  type ResolvedScope,
  type ScopeRequest,
} from "#app/features/statistics/scope.server";
export {
  computeHandlingFacts,
  computeHandlingStatistics,
  computeHandlingStatisticsWithLists,
  countIncoming,
  countIncomingByUnit,
  countOutgoing,
  incomingCategorySql,
  listsOf,
  type HandlingFacts,
  type HandlingLists,
  type HandlingStatistics,
  type HandlingStatisticsOptions,
  type IncomingFact,
  type OutgoingFact,
} from "#app/features/statistics/handling.server";
export {
  getStatisticsFilterOptions,
  getStatisticsView,
  parseDrillKey,
  type BreakdownRow,
  type DrillKey,
  type IncomingListRow,
  type OutgoingListRow,
  type StatisticsView,
  type TrendRow,
} from "#app/features/statistics/page.server";
export { exportStatisticsXlsx } from "#app/features/statistics/xlsx.server";
export { computeIndicators, indicatorCounts, indicatorPercentFor, type Indicator, type IndicatorReport } from "#app/features/statistics/indicators.server";
export {
  exportTrackingRegisterXlsx,
  getTrackingRegister,
  type TrackingRegister,
  type TrackingRegisterRow,
} from "#app/features/statistics/tracking-register.server";
export {
  deleteSavedSearch,
  listSavedSearches,
  normalizeSavedQuery,
  saveSearch,
  SAVED_SEARCH_KEYS,
  type SavedSearchItem,
} from "#app/features/statistics/saved-searches.server";
