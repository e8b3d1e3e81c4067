// The census figures, defined once: the API, the static site build and the exports call these functions
// (each takes a Db and plain parameters and returns plain rows), never their own SQL.
export { DEFINITIONS, type DefinitionName } from './definitions.ts';
export { addDays, isCalendarDay, mondayOf, mondaysBetween } from './dates.ts';
export {
  coverageForDays,
  firstDay,
  isCrawledDay,
  latestDay,
  softwareForDay,
  summaryForDay,
  type Coverage,
  type DaySummary,
  type Reporting,
  type SoftwareFigures,
} from './summary.ts';
export {
  sumKnown,
  sumWeeks,
  weeklyJoins,
  weeklyJoinsBySoftware,
  ANOMALY_MODES,
  type AnomalyMode,
  type WeekJoins,
  type WeeklyJoinsRow,
  type WeeklyRange,
} from './weekly.ts';
export {
  ANOMALY_KINDS,
  anomaliesOn,
  GROWTH_EXCLUDED_KINDS,
  NETWORK_KINDS,
  SUMMARY_KINDS,
  SUMMARY_LEFT_OUT,
  type Anomaly,
  type AnomalyKind,
  type NetworkKind,
  type SummaryKind,
} from './anomalies.ts';
export { LEFT_OUT_NONE, leftOutOn, type LeftOut, type LeftOutFigures, type LeftOutKind } from './left-out.ts';
export { creationTimesOn, type CreationTimes, type CreationTimesOf } from './creation-times.ts';
export {
  COVERAGE_JUMP_SERVERS,
  COVERAGE_JUMP_SHARE,
  DEFINITION_CHANGES,
  METHOD_CHANGE_KINDS,
  methodChanges,
  type MethodChange,
  type MethodChangeKind,
} from './method-changes.ts';
export {
  activeChange,
  activeChangePairs,
  changePairs,
  type ActiveChange,
  type ActiveChangePair,
  type ActiveChangeQuery,
  type ActiveReporting,
  type ChangePair,
} from './change.ts';
export { usersChange, type UsersChange } from './users-change.ts';
export { weeklyJoinsByServer, type ServerWeekJoins } from './weekly-servers.ts';
export { DAILY_METRICS, dailySeries, type DailyMetric, type DailyPoint, type DailyQuery } from './daily.ts';
export {
  SERVER_SORTS,
  serverPage,
  serverRecord,
  softwareTallies,
  versionTally,
  type ActivityPoint,
  type HistoryPoint,
  type ServerCursor,
  type ServerListing,
  type ServerPage,
  type ServerRecord,
  type ServerSort,
} from './servers.ts';
export { crawledDays, type CrawledDay, type DaysQuery } from './days.ts';
export { knownSoftware } from './software-names.ts';
