/**
 * The API's request and response types, from libs/contract (types only: nothing of zod reaches the
 * bundle). Constants the pages need come from the contract's zod-free modules (permissions.ts,
 * alert-constants.ts, live.ts).
 */
export type {
  Me,
  UserView,
  CredentialView,
  CreatedCredential,
  CreateUserRequest,
  UpdateUserRequest,
  CreateCredentialRequest,
  CredentialKind,
} from '../../../../../libs/contract/src/auth';
export type { PersonRole, Role, Permission } from '../../../../../libs/contract/src/permissions';
export type {
  AlertRecord,
  AlertDetail,
  AlertHistoryEntry,
  AlertRuleRecord,
  AlertRuleParams,
  AlertCondition,
  SignalThreshold,
  SilenceRecord,
  AlertListQuery,
  AlertHistoryQuery,
} from '../../../../../libs/contract/src/alerts';
export type {
  AlertRuleId,
  AlertSeverity,
  AlertState,
  SilenceKind,
  AlertHistoryKind,
} from '../../../../../libs/contract/src/alert-constants';
export type { LiveMessage, LiveTelemetry, LiveKind, AlertChange } from '../../../../../libs/contract/src/live';
export type {
  ComparisonGroup,
  ComparisonRow,
  KpiGroup,
  KpisResponse,
  Refuel,
  Series,
  SeriesPoint,
  TripDetail,
  TripSummary,
  VehicleState,
} from '../../../../../libs/contract/src/analytics-responses';
export type { SeriesField, GroupBy, Scope } from '../../../../../libs/contract/src/analytics';
export type { DataQualityRow, DeadLetterCount, SensorCheckRow } from '../../../../../libs/contract/src/quality-responses';
export type { RatingSummary, RatingConditions } from '../../../../../libs/contract/src/rating-analytics-responses';
export type { DeviceCompleteness, FeedbackCompleteness } from '../../../../../libs/contract/src/completeness';
export type { Page, RatingRecord } from '../../../../../libs/contract/src/feedback';
export type { TrialConfig, TrialRole } from '../../../../../libs/contract/src/trial';
